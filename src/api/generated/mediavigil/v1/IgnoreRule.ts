// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/ignore_rules.proto


export interface IgnoreRule {
  'id'?: (string);
  'code'?: (string);
  'message'?: (string);
  'root'?: (string);
  'extension'?: (string);
  'reason'?: (string);
}

export interface IgnoreRule__Output {
  'id': (string);
  'code': (string);
  'message': (string);
  'root': (string);
  'extension': (string);
  'reason': (string);
}
