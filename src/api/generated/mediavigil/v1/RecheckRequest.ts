// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { FileFilter as _mediavigil_v1_FileFilter, FileFilter__Output as _mediavigil_v1_FileFilter__Output } from '../../mediavigil/v1/FileFilter.js';
import type { VerifyDepth as _mediavigil_v1_VerifyDepth, VerifyDepth__Output as _mediavigil_v1_VerifyDepth__Output } from '../../mediavigil/v1/VerifyDepth.js';

export interface RecheckRequest {
  'paths'?: (string)[];
  'filter'?: (_mediavigil_v1_FileFilter | null);
  'depth'?: (_mediavigil_v1_VerifyDepth);
  'raw_paths'?: (Buffer | Uint8Array | string)[];
}

export interface RecheckRequest__Output {
  'paths': (string)[];
  'filter': (_mediavigil_v1_FileFilter__Output | null);
  'depth': (_mediavigil_v1_VerifyDepth__Output);
  'raw_paths': (Buffer)[];
}
