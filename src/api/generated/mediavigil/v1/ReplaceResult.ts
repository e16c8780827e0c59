// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto


export interface ReplaceResult {
  'path'?: (string);
  'action'?: (string);
  'dry_run'?: (boolean);
  'service'?: (string);
  'item'?: (string);
  'file_id'?: (number);
  'their_path'?: (string);
  'reason'?: (string);
  'attempt'?: (number);
  'raw_path'?: (Buffer | Uint8Array | string);
}

export interface ReplaceResult__Output {
  'path': (string);
  'action': (string);
  'dry_run': (boolean);
  'service': (string);
  'item': (string);
  'file_id': (number);
  'their_path': (string);
  'reason': (string);
  'attempt': (number);
  'raw_path': (Buffer);
}
