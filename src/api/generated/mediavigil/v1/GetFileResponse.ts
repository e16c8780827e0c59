// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { File as _mediavigil_v1_File, File__Output as _mediavigil_v1_File__Output } from '../../mediavigil/v1/File.js';
import type { Event as _mediavigil_v1_Event, Event__Output as _mediavigil_v1_Event__Output } from '../../mediavigil/v1/Event.js';

export interface GetFileResponse {
  'file'?: (_mediavigil_v1_File | null);
  'history'?: (_mediavigil_v1_Event)[];
}

export interface GetFileResponse__Output {
  'file': (_mediavigil_v1_File__Output | null);
  'history': (_mediavigil_v1_Event__Output)[];
}
