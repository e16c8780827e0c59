// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/ignore_rules.proto


export interface DeleteIgnoreRuleRequest {
  'id'?: (string);
}

export interface DeleteIgnoreRuleRequest__Output {
  'id': (string);
}
