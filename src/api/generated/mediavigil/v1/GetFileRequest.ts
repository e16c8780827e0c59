// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto


export interface GetFileRequest {
  'path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
}

export interface GetFileRequest__Output {
  'path': (string);
  'raw_path': (Buffer);
}
