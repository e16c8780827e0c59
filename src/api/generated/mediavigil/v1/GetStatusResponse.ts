// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.js';
import type { MediaTools as _mediavigil_v1_MediaTools, MediaTools__Output as _mediavigil_v1_MediaTools__Output } from '../../mediavigil/v1/MediaTools.js';
import type { Root as _mediavigil_v1_Root, Root__Output as _mediavigil_v1_Root__Output } from '../../mediavigil/v1/Root.js';
import type { VerdictCounts as _mediavigil_v1_VerdictCounts, VerdictCounts__Output as _mediavigil_v1_VerdictCounts__Output } from '../../mediavigil/v1/VerdictCounts.js';
import type { Sweep as _mediavigil_v1_Sweep, Sweep__Output as _mediavigil_v1_Sweep__Output } from '../../mediavigil/v1/Sweep.js';
import type { ParityCoverage as _mediavigil_v1_ParityCoverage, ParityCoverage__Output as _mediavigil_v1_ParityCoverage__Output } from '../../mediavigil/v1/ParityCoverage.js';
import type { NotificationTarget as _mediavigil_v1_NotificationTarget, NotificationTarget__Output as _mediavigil_v1_NotificationTarget__Output } from '../../mediavigil/v1/NotificationTarget.js';
import type { Integration as _mediavigil_v1_Integration, Integration__Output as _mediavigil_v1_Integration__Output } from '../../mediavigil/v1/Integration.js';
import type { Long } from '@grpc/proto-loader';

export interface GetStatusResponse {
  'version'?: (string);
  'start_time'?: (_google_protobuf_Timestamp | null);
  'uptime'?: (_google_protobuf_Duration | null);
  'tools'?: (_mediavigil_v1_MediaTools | null);
  'state_dir'?: (string);
  'roots'?: (_mediavigil_v1_Root)[];
  'counts'?: (_mediavigil_v1_VerdictCounts | null);
  'missing_files'?: (number | string | Long);
  'queue_depth'?: (number | string | Long);
  'paused'?: (boolean);
  'outdated_files'?: (number | string | Long);
  'current_sweep'?: (_mediavigil_v1_Sweep | null);
  'draining'?: (boolean);
  'first_event_sequence'?: (number | string | Long);
  'last_event_sequence'?: (number | string | Long);
  'parity'?: (_mediavigil_v1_ParityCoverage | null);
  'notification_targets'?: (_mediavigil_v1_NotificationTarget)[];
  'integrations'?: (_mediavigil_v1_Integration)[];
}

export interface GetStatusResponse__Output {
  'version': (string);
  'start_time': (_google_protobuf_Timestamp__Output | null);
  'uptime': (_google_protobuf_Duration__Output | null);
  'tools': (_mediavigil_v1_MediaTools__Output | null);
  'state_dir': (string);
  'roots': (_mediavigil_v1_Root__Output)[];
  'counts': (_mediavigil_v1_VerdictCounts__Output | null);
  'missing_files': (string);
  'queue_depth': (string);
  'paused': (boolean);
  'outdated_files': (string);
  'current_sweep': (_mediavigil_v1_Sweep__Output | null);
  'draining': (boolean);
  'first_event_sequence': (string);
  'last_event_sequence': (string);
  'parity': (_mediavigil_v1_ParityCoverage__Output | null);
  'notification_targets': (_mediavigil_v1_NotificationTarget__Output)[];
  'integrations': (_mediavigil_v1_Integration__Output)[];
}
