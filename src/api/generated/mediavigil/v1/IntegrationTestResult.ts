// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto


export interface IntegrationTestResult {
  'service'?: (string);
  'kind'?: (string);
  'ok'?: (boolean);
  'name'?: (string);
  'version'?: (string);
  'error'?: (string);
}

export interface IntegrationTestResult__Output {
  'service': (string);
  'kind': (string);
  'ok': (boolean);
  'name': (string);
  'version': (string);
  'error': (string);
}
