// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto


export interface AcceptRequest {
  'paths'?: (string)[];
  'reason'?: (string);
  'raw_paths'?: (Buffer | Uint8Array | string)[];
}

export interface AcceptRequest__Output {
  'paths': (string)[];
  'reason': (string);
  'raw_paths': (Buffer)[];
}
