// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { FileFilter as _mediavigil_v1_FileFilter, FileFilter__Output as _mediavigil_v1_FileFilter__Output } from '../../mediavigil/v1/FileFilter.js';

export interface ListFilesRequest {
  'filter'?: (_mediavigil_v1_FileFilter | null);
  'page_size'?: (number);
  'page_token'?: (string);
}

export interface ListFilesRequest__Output {
  'filter': (_mediavigil_v1_FileFilter__Output | null);
  'page_size': (number);
  'page_token': (string);
}
