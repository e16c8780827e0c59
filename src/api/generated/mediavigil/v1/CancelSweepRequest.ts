// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto


export interface CancelSweepRequest {
  'id'?: (string);
}

export interface CancelSweepRequest__Output {
  'id': (string);
}
