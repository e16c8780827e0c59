// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto


export interface ReadRestoreCopyResponse {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ReadRestoreCopyResponse__Output {
  'data': (Buffer);
}
