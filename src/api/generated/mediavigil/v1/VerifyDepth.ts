// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/enums.proto

export const VerifyDepth = {
  VERIFY_DEPTH_UNSPECIFIED: 'VERIFY_DEPTH_UNSPECIFIED',
  VERIFY_DEPTH_QUICK: 'VERIFY_DEPTH_QUICK',
  VERIFY_DEPTH_FULL: 'VERIFY_DEPTH_FULL',
} as const;

export type VerifyDepth =
  | 'VERIFY_DEPTH_UNSPECIFIED'
  | 0
  | 'VERIFY_DEPTH_QUICK'
  | 1
  | 'VERIFY_DEPTH_FULL'
  | 2

export type VerifyDepth__Output = typeof VerifyDepth[keyof typeof VerifyDepth]
