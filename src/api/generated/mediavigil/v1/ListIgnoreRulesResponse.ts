// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/ignore_rules.proto

import type { IgnoreRule as _mediavigil_v1_IgnoreRule, IgnoreRule__Output as _mediavigil_v1_IgnoreRule__Output } from '../../mediavigil/v1/IgnoreRule.js';

export interface ListIgnoreRulesResponse {
  'rules'?: (_mediavigil_v1_IgnoreRule)[];
  'next_page_token'?: (string);
}

export interface ListIgnoreRulesResponse__Output {
  'rules': (_mediavigil_v1_IgnoreRule__Output)[];
  'next_page_token': (string);
}
