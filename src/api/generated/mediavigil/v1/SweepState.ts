// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

export const SweepState = {
  SWEEP_STATE_UNSPECIFIED: 'SWEEP_STATE_UNSPECIFIED',
  SWEEP_STATE_RUNNING: 'SWEEP_STATE_RUNNING',
  SWEEP_STATE_FINISHED: 'SWEEP_STATE_FINISHED',
  SWEEP_STATE_CANCELLED: 'SWEEP_STATE_CANCELLED',
  SWEEP_STATE_FAILED: 'SWEEP_STATE_FAILED',
} as const;

export type SweepState =
  | 'SWEEP_STATE_UNSPECIFIED'
  | 0
  | 'SWEEP_STATE_RUNNING'
  | 1
  | 'SWEEP_STATE_FINISHED'
  | 2
  | 'SWEEP_STATE_CANCELLED'
  | 3
  | 'SWEEP_STATE_FAILED'
  | 4

export type SweepState__Output = typeof SweepState[keyof typeof SweepState]
