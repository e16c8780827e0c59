// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto


export interface FindRestoreCopyRequest {
  'path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
  'dry_run'?: (boolean);
}

export interface FindRestoreCopyRequest__Output {
  'path': (string);
  'raw_path': (Buffer);
  'dry_run': (boolean);
}
