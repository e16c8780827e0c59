// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto


export interface StartSweepRequest {
  'root'?: (string);
}

export interface StartSweepRequest__Output {
  'root': (string);
}
