// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { Long } from '@grpc/proto-loader';

export interface Issue {
  'code'?: (string);
  'message'?: (string);
  'position_seconds'?: (number | string);
  'position_byte'?: (number | string | Long);
  'ignored'?: (boolean);
  '_position_seconds'?: "position_seconds";
  '_position_byte'?: "position_byte";
}

export interface Issue__Output {
  'code': (string);
  'message': (string);
  'position_seconds'?: (number);
  'position_byte'?: (string);
  'ignored': (boolean);
  '_position_seconds'?: "position_seconds";
  '_position_byte'?: "position_byte";
}
