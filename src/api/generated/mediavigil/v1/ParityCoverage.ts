// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

import type { Long } from '@grpc/proto-loader';

export interface ParityCoverage {
  'files'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'parity_bytes'?: (number | string | Long);
}

export interface ParityCoverage__Output {
  'files': (string);
  'bytes': (string);
  'parity_bytes': (string);
}
