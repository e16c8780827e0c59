// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamSummary {
  'index'?: (number);
  'type'?: (string);
  'codec'?: (string);
  'width'?: (number);
  'height'?: (number);
  'fps'?: (number | string);
  'bit_rate'?: (number | string | Long);
  'channels'?: (number);
  'sample_rate'?: (number);
  'duration_seconds'?: (number | string);
  'frames'?: (number | string | Long);
  'attached_picture'?: (boolean);
}

export interface StreamSummary__Output {
  'index': (number);
  'type': (string);
  'codec': (string);
  'width': (number);
  'height': (number);
  'fps': (number);
  'bit_rate': (string);
  'channels': (number);
  'sample_rate': (number);
  'duration_seconds': (number);
  'frames': (string);
  'attached_picture': (boolean);
}
