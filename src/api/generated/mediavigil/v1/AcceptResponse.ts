// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { File as _mediavigil_v1_File, File__Output as _mediavigil_v1_File__Output } from '../../mediavigil/v1/File.js';

export interface AcceptResponse {
  'files'?: (_mediavigil_v1_File)[];
}

export interface AcceptResponse__Output {
  'files': (_mediavigil_v1_File__Output)[];
}
