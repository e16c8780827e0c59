// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto

import type { RestoreCopyOutcome as _mediavigil_v1_RestoreCopyOutcome, RestoreCopyOutcome__Output as _mediavigil_v1_RestoreCopyOutcome__Output } from '../../mediavigil/v1/RestoreCopyOutcome.js';
import type { ContentHash as _mediavigil_v1_ContentHash, ContentHash__Output as _mediavigil_v1_ContentHash__Output } from '../../mediavigil/v1/ContentHash.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface FindRestoreCopyResponse {
  'outcome'?: (_mediavigil_v1_RestoreCopyOutcome);
  'source'?: (string);
  'copy_path'?: (string);
  'matched'?: (string);
  'hash'?: (_mediavigil_v1_ContentHash | null);
  'size'?: (number | string | Long);
  'modify_time'?: (_google_protobuf_Timestamp | null);
  'token'?: (string);
  'reason'?: (string);
  'skipped'?: (string)[];
  'unavailable'?: (string)[];
  'stream'?: (boolean);
  'raw_copy_path'?: (Buffer | Uint8Array | string);
  'raw_source'?: (Buffer | Uint8Array | string);
}

export interface FindRestoreCopyResponse__Output {
  'outcome': (_mediavigil_v1_RestoreCopyOutcome__Output);
  'source': (string);
  'copy_path': (string);
  'matched': (string);
  'hash': (_mediavigil_v1_ContentHash__Output | null);
  'size': (string);
  'modify_time': (_google_protobuf_Timestamp__Output | null);
  'token': (string);
  'reason': (string);
  'skipped': (string)[];
  'unavailable': (string)[];
  'stream': (boolean);
  'raw_copy_path': (Buffer);
  'raw_source': (Buffer);
}
