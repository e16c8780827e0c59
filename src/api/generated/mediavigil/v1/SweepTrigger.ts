// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

export const SweepTrigger = {
  SWEEP_TRIGGER_UNSPECIFIED: 'SWEEP_TRIGGER_UNSPECIFIED',
  SWEEP_TRIGGER_SCHEDULE: 'SWEEP_TRIGGER_SCHEDULE',
  SWEEP_TRIGGER_API: 'SWEEP_TRIGGER_API',
  SWEEP_TRIGGER_STARTUP: 'SWEEP_TRIGGER_STARTUP',
  SWEEP_TRIGGER_CATCH_UP: 'SWEEP_TRIGGER_CATCH_UP',
  SWEEP_TRIGGER_WATCH_OVERFLOW: 'SWEEP_TRIGGER_WATCH_OVERFLOW',
} as const;

export type SweepTrigger =
  | 'SWEEP_TRIGGER_UNSPECIFIED'
  | 0
  | 'SWEEP_TRIGGER_SCHEDULE'
  | 1
  | 'SWEEP_TRIGGER_API'
  | 2
  | 'SWEEP_TRIGGER_STARTUP'
  | 3
  | 'SWEEP_TRIGGER_CATCH_UP'
  | 4
  | 'SWEEP_TRIGGER_WATCH_OVERFLOW'
  | 5

export type SweepTrigger__Output = typeof SweepTrigger[keyof typeof SweepTrigger]
