// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/restore.proto

export const RestoreCopyOutcome = {
  RESTORE_COPY_OUTCOME_UNSPECIFIED: 'RESTORE_COPY_OUTCOME_UNSPECIFIED',
  RESTORE_COPY_OUTCOME_NOTHING_TO_DO: 'RESTORE_COPY_OUTCOME_NOTHING_TO_DO',
  RESTORE_COPY_OUTCOME_FOUND: 'RESTORE_COPY_OUTCOME_FOUND',
  RESTORE_COPY_OUTCOME_NOT_FOUND: 'RESTORE_COPY_OUTCOME_NOT_FOUND',
} as const;

export type RestoreCopyOutcome =
  | 'RESTORE_COPY_OUTCOME_UNSPECIFIED'
  | 0
  | 'RESTORE_COPY_OUTCOME_NOTHING_TO_DO'
  | 1
  | 'RESTORE_COPY_OUTCOME_FOUND'
  | 2
  | 'RESTORE_COPY_OUTCOME_NOT_FOUND'
  | 3

export type RestoreCopyOutcome__Output = typeof RestoreCopyOutcome[keyof typeof RestoreCopyOutcome]
