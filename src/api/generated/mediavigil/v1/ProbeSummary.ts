// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/files.proto

import type { StreamSummary as _mediavigil_v1_StreamSummary, StreamSummary__Output as _mediavigil_v1_StreamSummary__Output } from '../../mediavigil/v1/StreamSummary.js';
import type { Long } from '@grpc/proto-loader';

export interface ProbeSummary {
  'container'?: (string);
  'duration_seconds'?: (number | string);
  'bit_rate'?: (number | string | Long);
  'streams'?: (_mediavigil_v1_StreamSummary)[];
  'tags'?: ({[key: string]: string});
}

export interface ProbeSummary__Output {
  'container': (string);
  'duration_seconds': (number);
  'bit_rate': (string);
  'streams': (_mediavigil_v1_StreamSummary__Output)[];
  'tags': ({[key: string]: string});
}
