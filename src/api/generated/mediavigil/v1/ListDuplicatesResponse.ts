// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { DuplicateGroup as _mediavigil_v1_DuplicateGroup, DuplicateGroup__Output as _mediavigil_v1_DuplicateGroup__Output } from '../../mediavigil/v1/DuplicateGroup.js';

export interface ListDuplicatesResponse {
  'groups'?: (_mediavigil_v1_DuplicateGroup)[];
  'next_page_token'?: (string);
}

export interface ListDuplicatesResponse__Output {
  'groups': (_mediavigil_v1_DuplicateGroup__Output)[];
  'next_page_token': (string);
}
