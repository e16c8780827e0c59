// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/events.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchEventsRequest {
  'after_sequence'?: (number | string | Long);
  '_after_sequence'?: "after_sequence";
}

export interface WatchEventsRequest__Output {
  'after_sequence'?: (string);
  '_after_sequence'?: "after_sequence";
}
