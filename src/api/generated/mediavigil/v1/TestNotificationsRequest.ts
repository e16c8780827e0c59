// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/notify.proto


export interface TestNotificationsRequest {
  'url'?: (string);
}

export interface TestNotificationsRequest__Output {
  'url': (string);
}
