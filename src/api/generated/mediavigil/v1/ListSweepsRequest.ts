// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto


export interface ListSweepsRequest {
  'page_size'?: (number);
  'page_token'?: (string);
}

export interface ListSweepsRequest__Output {
  'page_size': (number);
  'page_token': (string);
}
