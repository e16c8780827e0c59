// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

import type { Sweep as _mediavigil_v1_Sweep, Sweep__Output as _mediavigil_v1_Sweep__Output } from '../../mediavigil/v1/Sweep.js';

export interface CancelSweepResponse {
  'sweep'?: (_mediavigil_v1_Sweep | null);
}

export interface CancelSweepResponse__Output {
  'sweep': (_mediavigil_v1_Sweep__Output | null);
}
