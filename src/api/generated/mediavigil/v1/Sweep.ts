// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

import type { SweepState as _mediavigil_v1_SweepState, SweepState__Output as _mediavigil_v1_SweepState__Output } from '../../mediavigil/v1/SweepState.js';
import type { SweepTrigger as _mediavigil_v1_SweepTrigger, SweepTrigger__Output as _mediavigil_v1_SweepTrigger__Output } from '../../mediavigil/v1/SweepTrigger.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { SweepProgress as _mediavigil_v1_SweepProgress, SweepProgress__Output as _mediavigil_v1_SweepProgress__Output } from '../../mediavigil/v1/SweepProgress.js';

export interface Sweep {
  'id'?: (string);
  'root'?: (string);
  'state'?: (_mediavigil_v1_SweepState);
  'trigger'?: (_mediavigil_v1_SweepTrigger);
  'start_time'?: (_google_protobuf_Timestamp | null);
  'finish_time'?: (_google_protobuf_Timestamp | null);
  'progress'?: (_mediavigil_v1_SweepProgress | null);
  'error'?: (string);
}

export interface Sweep__Output {
  'id': (string);
  'root': (string);
  'state': (_mediavigil_v1_SweepState__Output);
  'trigger': (_mediavigil_v1_SweepTrigger__Output);
  'start_time': (_google_protobuf_Timestamp__Output | null);
  'finish_time': (_google_protobuf_Timestamp__Output | null);
  'progress': (_mediavigil_v1_SweepProgress__Output | null);
  'error': (string);
}
