// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/enums.proto

export const FileState = {
  FILE_STATE_UNSPECIFIED: 'FILE_STATE_UNSPECIFIED',
  FILE_STATE_PRESENT: 'FILE_STATE_PRESENT',
  FILE_STATE_MISSING: 'FILE_STATE_MISSING',
} as const;

export type FileState =
  | 'FILE_STATE_UNSPECIFIED'
  | 0
  | 'FILE_STATE_PRESENT'
  | 1
  | 'FILE_STATE_MISSING'
  | 2

export type FileState__Output = typeof FileState[keyof typeof FileState]
