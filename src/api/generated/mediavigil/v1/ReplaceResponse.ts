// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto

import type { ReplaceResult as _mediavigil_v1_ReplaceResult, ReplaceResult__Output as _mediavigil_v1_ReplaceResult__Output } from '../../mediavigil/v1/ReplaceResult.js';

export interface ReplaceResponse {
  'results'?: (_mediavigil_v1_ReplaceResult)[];
}

export interface ReplaceResponse__Output {
  'results': (_mediavigil_v1_ReplaceResult__Output)[];
}
