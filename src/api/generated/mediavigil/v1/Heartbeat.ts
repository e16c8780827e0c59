// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'time'?: (_google_protobuf_Timestamp | null);
  'last_sequence'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'time': (_google_protobuf_Timestamp__Output | null);
  'last_sequence': (string);
}
