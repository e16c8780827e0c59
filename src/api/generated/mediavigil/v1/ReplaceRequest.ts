// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto


export interface ReplaceRequest {
  'paths'?: (string)[];
  'raw_paths'?: (Buffer | Uint8Array | string)[];
  'dry_run'?: (boolean);
}

export interface ReplaceRequest__Output {
  'paths': (string)[];
  'raw_paths': (Buffer)[];
  'dry_run': (boolean);
}
