// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { MediaKind as _mediavigil_v1_MediaKind, MediaKind__Output as _mediavigil_v1_MediaKind__Output } from '../../mediavigil/v1/MediaKind.js';
import type { Verdict as _mediavigil_v1_Verdict, Verdict__Output as _mediavigil_v1_Verdict__Output } from '../../mediavigil/v1/Verdict.js';
import type { Issue as _mediavigil_v1_Issue, Issue__Output as _mediavigil_v1_Issue__Output } from '../../mediavigil/v1/Issue.js';
import type { ContentHash as _mediavigil_v1_ContentHash, ContentHash__Output as _mediavigil_v1_ContentHash__Output } from '../../mediavigil/v1/ContentHash.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { ProbeSummary as _mediavigil_v1_ProbeSummary, ProbeSummary__Output as _mediavigil_v1_ProbeSummary__Output } from '../../mediavigil/v1/ProbeSummary.js';
import type { VerifyDepth as _mediavigil_v1_VerifyDepth, VerifyDepth__Output as _mediavigil_v1_VerifyDepth__Output } from '../../mediavigil/v1/VerifyDepth.js';
import type { FileState as _mediavigil_v1_FileState, FileState__Output as _mediavigil_v1_FileState__Output } from '../../mediavigil/v1/FileState.js';
import type { Long } from '@grpc/proto-loader';

export interface File {
  'path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
  'root'?: (string);
  'kind'?: (_mediavigil_v1_MediaKind);
  'verdict'?: (_mediavigil_v1_Verdict);
  'issues'?: (_mediavigil_v1_Issue)[];
  'hash'?: (_mediavigil_v1_ContentHash | null);
  'size'?: (number | string | Long);
  'modify_time'?: (_google_protobuf_Timestamp | null);
  'change_time'?: (_google_protobuf_Timestamp | null);
  'inode'?: (number | string | Long);
  'device'?: (number | string | Long);
  'probe'?: (_mediavigil_v1_ProbeSummary | null);
  'depth'?: (_mediavigil_v1_VerifyDepth);
  'analyzer_versions'?: ({[key: string]: number});
  'state'?: (_mediavigil_v1_FileState);
  'first_seen_time'?: (_google_protobuf_Timestamp | null);
  'last_seen_time'?: (_google_protobuf_Timestamp | null);
  'last_hash_time'?: (_google_protobuf_Timestamp | null);
  'last_verify_time'?: (_google_protobuf_Timestamp | null);
}

export interface File__Output {
  'path': (string);
  'raw_path': (Buffer);
  'root': (string);
  'kind': (_mediavigil_v1_MediaKind__Output);
  'verdict': (_mediavigil_v1_Verdict__Output);
  'issues': (_mediavigil_v1_Issue__Output)[];
  'hash': (_mediavigil_v1_ContentHash__Output | null);
  'size': (string);
  'modify_time': (_google_protobuf_Timestamp__Output | null);
  'change_time': (_google_protobuf_Timestamp__Output | null);
  'inode': (string);
  'device': (string);
  'probe': (_mediavigil_v1_ProbeSummary__Output | null);
  'depth': (_mediavigil_v1_VerifyDepth__Output);
  'analyzer_versions': ({[key: string]: number});
  'state': (_mediavigil_v1_FileState__Output);
  'first_seen_time': (_google_protobuf_Timestamp__Output | null);
  'last_seen_time': (_google_protobuf_Timestamp__Output | null);
  'last_hash_time': (_google_protobuf_Timestamp__Output | null);
  'last_verify_time': (_google_protobuf_Timestamp__Output | null);
}
