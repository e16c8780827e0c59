// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Verdict as _mediavigil_v1_Verdict, Verdict__Output as _mediavigil_v1_Verdict__Output } from '../../mediavigil/v1/Verdict.js';
import type { Long } from '@grpc/proto-loader';

export interface Event {
  'sequence'?: (number | string | Long);
  'time'?: (_google_protobuf_Timestamp | null);
  'type'?: (string);
  'path'?: (string);
  'verdict'?: (_mediavigil_v1_Verdict);
  'previous_verdict'?: (_mediavigil_v1_Verdict);
  'detail'?: (string);
  'old_path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
  'raw_old_path'?: (Buffer | Uint8Array | string);
}

export interface Event__Output {
  'sequence': (string);
  'time': (_google_protobuf_Timestamp__Output | null);
  'type': (string);
  'path': (string);
  'verdict': (_mediavigil_v1_Verdict__Output);
  'previous_verdict': (_mediavigil_v1_Verdict__Output);
  'detail': (string);
  'old_path': (string);
  'raw_path': (Buffer);
  'raw_old_path': (Buffer);
}
