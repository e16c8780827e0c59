// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto


export interface ContentHash {
  'algorithm'?: (string);
  'hex'?: (string);
}

export interface ContentHash__Output {
  'algorithm': (string);
  'hex': (string);
}
