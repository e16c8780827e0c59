// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { Long } from '@grpc/proto-loader';

export interface RecheckResponse {
  'queued_files'?: (number | string | Long);
}

export interface RecheckResponse__Output {
  'queued_files': (string);
}
