// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/export.proto

export const ExportFormat = {
  EXPORT_FORMAT_UNSPECIFIED: 'EXPORT_FORMAT_UNSPECIFIED',
  EXPORT_FORMAT_JSON_LINES: 'EXPORT_FORMAT_JSON_LINES',
  EXPORT_FORMAT_CSV: 'EXPORT_FORMAT_CSV',
} as const;

export type ExportFormat =
  | 'EXPORT_FORMAT_UNSPECIFIED'
  | 0
  | 'EXPORT_FORMAT_JSON_LINES'
  | 1
  | 'EXPORT_FORMAT_CSV'
  | 2

export type ExportFormat__Output = typeof ExportFormat[keyof typeof ExportFormat]
