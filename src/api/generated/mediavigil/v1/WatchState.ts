// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

export const WatchState = {
  WATCH_STATE_UNSPECIFIED: 'WATCH_STATE_UNSPECIFIED',
  WATCH_STATE_STARTING: 'WATCH_STATE_STARTING',
  WATCH_STATE_WATCHING: 'WATCH_STATE_WATCHING',
  WATCH_STATE_FAILED: 'WATCH_STATE_FAILED',
  WATCH_STATE_STOPPED: 'WATCH_STATE_STOPPED',
  WATCH_STATE_OFF: 'WATCH_STATE_OFF',
} as const;

export type WatchState =
  | 'WATCH_STATE_UNSPECIFIED'
  | 0
  | 'WATCH_STATE_STARTING'
  | 1
  | 'WATCH_STATE_WATCHING'
  | 2
  | 'WATCH_STATE_FAILED'
  | 3
  | 'WATCH_STATE_STOPPED'
  | 4
  | 'WATCH_STATE_OFF'
  | 5

export type WatchState__Output = typeof WatchState[keyof typeof WatchState]
