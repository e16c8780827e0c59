// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { Verdict as _mediavigil_v1_Verdict, Verdict__Output as _mediavigil_v1_Verdict__Output } from '../../mediavigil/v1/Verdict.js';
import type { MediaKind as _mediavigil_v1_MediaKind, MediaKind__Output as _mediavigil_v1_MediaKind__Output } from '../../mediavigil/v1/MediaKind.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface FileFilter {
  'root'?: (string);
  'path_prefix'?: (string);
  'verdicts'?: (_mediavigil_v1_Verdict)[];
  'kinds'?: (_mediavigil_v1_MediaKind)[];
  'containers'?: (string)[];
  'video_codecs'?: (string)[];
  'audio_codecs'?: (string)[];
  'min_height'?: (number);
  'max_height'?: (number);
  'min_duration_seconds'?: (number | string);
  'max_duration_seconds'?: (number | string);
  'min_size'?: (number | string | Long);
  'max_size'?: (number | string | Long);
  'modified_since'?: (_google_protobuf_Timestamp | null);
  'raw_path_prefix'?: (Buffer | Uint8Array | string);
  '_min_height'?: "min_height";
  '_max_height'?: "max_height";
  '_min_duration_seconds'?: "min_duration_seconds";
  '_max_duration_seconds'?: "max_duration_seconds";
  '_min_size'?: "min_size";
  '_max_size'?: "max_size";
}

export interface FileFilter__Output {
  'root': (string);
  'path_prefix': (string);
  'verdicts': (_mediavigil_v1_Verdict__Output)[];
  'kinds': (_mediavigil_v1_MediaKind__Output)[];
  'containers': (string)[];
  'video_codecs': (string)[];
  'audio_codecs': (string)[];
  'min_height'?: (number);
  'max_height'?: (number);
  'min_duration_seconds'?: (number);
  'max_duration_seconds'?: (number);
  'min_size'?: (string);
  'max_size'?: (string);
  'modified_since': (_google_protobuf_Timestamp__Output | null);
  'raw_path_prefix': (Buffer);
  '_min_height'?: "min_height";
  '_max_height'?: "max_height";
  '_min_duration_seconds'?: "min_duration_seconds";
  '_max_duration_seconds'?: "max_duration_seconds";
  '_min_size'?: "min_size";
  '_max_size'?: "max_size";
}
