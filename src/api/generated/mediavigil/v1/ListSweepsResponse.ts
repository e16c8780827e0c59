// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

import type { Sweep as _mediavigil_v1_Sweep, Sweep__Output as _mediavigil_v1_Sweep__Output } from '../../mediavigil/v1/Sweep.js';

export interface ListSweepsResponse {
  'sweeps'?: (_mediavigil_v1_Sweep)[];
  'next_page_token'?: (string);
}

export interface ListSweepsResponse__Output {
  'sweeps': (_mediavigil_v1_Sweep__Output)[];
  'next_page_token': (string);
}
