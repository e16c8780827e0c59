// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

import type { RootState as _mediavigil_v1_RootState, RootState__Output as _mediavigil_v1_RootState__Output } from '../../mediavigil/v1/RootState.js';
import type { WatchState as _mediavigil_v1_WatchState, WatchState__Output as _mediavigil_v1_WatchState__Output } from '../../mediavigil/v1/WatchState.js';
import type { Long } from '@grpc/proto-loader';

export interface Root {
  'path'?: (string);
  'state'?: (_mediavigil_v1_RootState);
  'watch'?: (_mediavigil_v1_WatchState);
  'watch_error'?: (string);
  'watched_directories'?: (number | string | Long);
}

export interface Root__Output {
  'path': (string);
  'state': (_mediavigil_v1_RootState__Output);
  'watch': (_mediavigil_v1_WatchState__Output);
  'watch_error': (string);
  'watched_directories': (string);
}
