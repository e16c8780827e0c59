// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

import type { Long } from '@grpc/proto-loader';

export interface VerdictCounts {
  'ok'?: (number | string | Long);
  'warning'?: (number | string | Long);
  'corrupt'?: (number | string | Long);
  'unreadable'?: (number | string | Long);
  'unchecked'?: (number | string | Long);
}

export interface VerdictCounts__Output {
  'ok': (string);
  'warning': (string);
  'corrupt': (string);
  'unreadable': (string);
  'unchecked': (string);
}
