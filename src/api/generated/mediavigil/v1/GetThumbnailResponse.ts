// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/thumbnails.proto


export interface GetThumbnailResponse {
  'data'?: (Buffer | Uint8Array | string);
  'mime_type'?: (string);
}

export interface GetThumbnailResponse__Output {
  'data': (Buffer);
  'mime_type': (string);
}
