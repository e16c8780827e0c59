// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/thumbnails.proto


export interface GetThumbnailRequest {
  'path'?: (string);
  'raw_path'?: (Buffer | Uint8Array | string);
}

export interface GetThumbnailRequest__Output {
  'path': (string);
  'raw_path': (Buffer);
}
