// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/ignore_rules.proto


export interface ListIgnoreRulesRequest {
  'page_size'?: (number);
  'page_token'?: (string);
}

export interface ListIgnoreRulesRequest__Output {
  'page_size': (number);
  'page_token': (string);
}
