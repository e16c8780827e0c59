// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/notify.proto


export interface NotificationTestResult {
  'target'?: (string);
  'url'?: (string);
  'accepted'?: (boolean);
  'detail'?: (string);
}

export interface NotificationTestResult__Output {
  'target': (string);
  'url': (string);
  'accepted': (boolean);
  'detail': (string);
}
