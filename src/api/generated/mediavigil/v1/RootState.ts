// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto

export const RootState = {
  ROOT_STATE_UNSPECIFIED: 'ROOT_STATE_UNSPECIFIED',
  ROOT_STATE_AVAILABLE: 'ROOT_STATE_AVAILABLE',
  ROOT_STATE_UNAVAILABLE: 'ROOT_STATE_UNAVAILABLE',
} as const;

export type RootState =
  | 'ROOT_STATE_UNSPECIFIED'
  | 0
  | 'ROOT_STATE_AVAILABLE'
  | 1
  | 'ROOT_STATE_UNAVAILABLE'
  | 2

export type RootState__Output = typeof RootState[keyof typeof RootState]
