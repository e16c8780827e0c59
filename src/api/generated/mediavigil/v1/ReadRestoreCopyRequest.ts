// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto


export interface ReadRestoreCopyRequest {
  'token'?: (string);
}

export interface ReadRestoreCopyRequest__Output {
  'token': (string);
}
