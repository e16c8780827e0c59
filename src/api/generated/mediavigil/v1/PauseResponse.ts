// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto


export interface PauseResponse {
  'paused'?: (boolean);
}

export interface PauseResponse__Output {
  'paused': (boolean);
}
