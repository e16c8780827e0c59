// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/export.proto

import type { ExportFormat as _mediavigil_v1_ExportFormat, ExportFormat__Output as _mediavigil_v1_ExportFormat__Output } from '../../mediavigil/v1/ExportFormat.js';
import type { FileFilter as _mediavigil_v1_FileFilter, FileFilter__Output as _mediavigil_v1_FileFilter__Output } from '../../mediavigil/v1/FileFilter.js';

export interface ExportRequest {
  'format'?: (_mediavigil_v1_ExportFormat);
  'filter'?: (_mediavigil_v1_FileFilter | null);
}

export interface ExportRequest__Output {
  'format': (_mediavigil_v1_ExportFormat__Output);
  'filter': (_mediavigil_v1_FileFilter__Output | null);
}
