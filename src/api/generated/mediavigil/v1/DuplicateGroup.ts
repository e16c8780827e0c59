// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { ContentHash as _mediavigil_v1_ContentHash, ContentHash__Output as _mediavigil_v1_ContentHash__Output } from '../../mediavigil/v1/ContentHash.js';
import type { Long } from '@grpc/proto-loader';

export interface DuplicateGroup {
  'key'?: (string);
  'hash'?: (_mediavigil_v1_ContentHash | null);
  'size'?: (number | string | Long);
  'paths'?: (string)[];
  'wasted_bytes'?: (number | string | Long);
  'raw_paths'?: (Buffer | Uint8Array | string)[];
}

export interface DuplicateGroup__Output {
  'key': (string);
  'hash': (_mediavigil_v1_ContentHash__Output | null);
  'size': (string);
  'paths': (string)[];
  'wasted_bytes': (string);
  'raw_paths': (Buffer)[];
}
