// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/export.proto


export interface ExportResponse {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ExportResponse__Output {
  'data': (Buffer);
}
