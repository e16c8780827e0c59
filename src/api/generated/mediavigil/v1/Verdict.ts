// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/enums.proto

export const Verdict = {
  VERDICT_UNSPECIFIED: 'VERDICT_UNSPECIFIED',
  VERDICT_OK: 'VERDICT_OK',
  VERDICT_WARNING: 'VERDICT_WARNING',
  VERDICT_CORRUPT: 'VERDICT_CORRUPT',
  VERDICT_UNREADABLE: 'VERDICT_UNREADABLE',
  VERDICT_UNCHECKED: 'VERDICT_UNCHECKED',
} as const;

export type Verdict =
  | 'VERDICT_UNSPECIFIED'
  | 0
  | 'VERDICT_OK'
  | 1
  | 'VERDICT_WARNING'
  | 2
  | 'VERDICT_CORRUPT'
  | 3
  | 'VERDICT_UNREADABLE'
  | 4
  | 'VERDICT_UNCHECKED'
  | 5

export type Verdict__Output = typeof Verdict[keyof typeof Verdict]
