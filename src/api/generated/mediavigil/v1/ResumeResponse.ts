// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto


export interface ResumeResponse {
  'paused'?: (boolean);
}

export interface ResumeResponse__Output {
  'paused': (boolean);
}
