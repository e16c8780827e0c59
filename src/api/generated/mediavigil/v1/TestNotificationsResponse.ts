// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/notify.proto

import type { NotificationTestResult as _mediavigil_v1_NotificationTestResult, NotificationTestResult__Output as _mediavigil_v1_NotificationTestResult__Output } from '../../mediavigil/v1/NotificationTestResult.js';

export interface TestNotificationsResponse {
  'results'?: (_mediavigil_v1_NotificationTestResult)[];
}

export interface TestNotificationsResponse__Output {
  'results': (_mediavigil_v1_NotificationTestResult__Output)[];
}
