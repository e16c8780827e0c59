// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/notify.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface NotificationTarget {
  'name'?: (string);
  'url'?: (string);
  'queued'?: (number | string | Long);
  'last_success_time'?: (_google_protobuf_Timestamp | null);
  'last_failure_time'?: (_google_protobuf_Timestamp | null);
  'last_failure'?: (string);
}

export interface NotificationTarget__Output {
  'name': (string);
  'url': (string);
  'queued': (string);
  'last_success_time': (_google_protobuf_Timestamp__Output | null);
  'last_failure_time': (_google_protobuf_Timestamp__Output | null);
  'last_failure': (string);
}
