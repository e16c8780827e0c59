// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto


export interface FinishRestoreRequest {
  'path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
  'token'?: (string);
  'failure'?: (string);
}

export interface FinishRestoreRequest__Output {
  'path': (string);
  'raw_path': (Buffer);
  'token': (string);
  'failure': (string);
}
