// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/events.proto

import type { Event as _mediavigil_v1_Event, Event__Output as _mediavigil_v1_Event__Output } from '../../mediavigil/v1/Event.js';
import type { Heartbeat as _mediavigil_v1_Heartbeat, Heartbeat__Output as _mediavigil_v1_Heartbeat__Output } from '../../mediavigil/v1/Heartbeat.js';

export interface WatchEventsResponse {
  'event'?: (_mediavigil_v1_Event | null);
  'heartbeat'?: (_mediavigil_v1_Heartbeat | null);
  'message'?: "event"|"heartbeat";
}

export interface WatchEventsResponse__Output {
  'event'?: (_mediavigil_v1_Event__Output | null);
  'heartbeat'?: (_mediavigil_v1_Heartbeat__Output | null);
  'message'?: "event"|"heartbeat";
}
