// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto

import type { Verdict as _mediavigil_v1_Verdict, Verdict__Output as _mediavigil_v1_Verdict__Output } from '../../mediavigil/v1/Verdict.js';
import type { ContentHash as _mediavigil_v1_ContentHash, ContentHash__Output as _mediavigil_v1_ContentHash__Output } from '../../mediavigil/v1/ContentHash.js';

export interface FinishRestoreResponse {
  'restored'?: (boolean);
  'verdict'?: (_mediavigil_v1_Verdict);
  'hash'?: (_mediavigil_v1_ContentHash | null);
  'reason'?: (string);
}

export interface FinishRestoreResponse__Output {
  'restored': (boolean);
  'verdict': (_mediavigil_v1_Verdict__Output);
  'hash': (_mediavigil_v1_ContentHash__Output | null);
  'reason': (string);
}
