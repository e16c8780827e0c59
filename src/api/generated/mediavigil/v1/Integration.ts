// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface Integration {
  'name'?: (string);
  'kind'?: (string);
  'state'?: (string);
  'last_error'?: (string);
  'last_success_time'?: (_google_protobuf_Timestamp | null);
  'failures'?: (number | string | Long);
}

export interface Integration__Output {
  'name': (string);
  'kind': (string);
  'state': (string);
  'last_error': (string);
  'last_success_time': (_google_protobuf_Timestamp__Output | null);
  'failures': (string);
}
