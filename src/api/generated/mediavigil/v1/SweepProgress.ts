// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/sweeps.proto

import type { Long } from '@grpc/proto-loader';

export interface SweepProgress {
  'seen'?: (number | string | Long);
  'queued'?: (number | string | Long);
  'processed'?: (number | string | Long);
  'unchanged'?: (number | string | Long);
  'missing'?: (number | string | Long);
  'errors'?: (number | string | Long);
  'expected'?: (number | string | Long);
}

export interface SweepProgress__Output {
  'seen': (string);
  'queued': (string);
  'processed': (string);
  'unchanged': (string);
  'missing': (string);
  'errors': (string);
  'expected': (string);
}
