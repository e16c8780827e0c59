// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto


export interface ListDuplicatesRequest {
  'page_size'?: (number);
  'page_token'?: (string);
}

export interface ListDuplicatesRequest__Output {
  'page_size': (number);
  'page_token': (string);
}
