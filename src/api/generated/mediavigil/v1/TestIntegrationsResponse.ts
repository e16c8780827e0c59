// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto

import type { IntegrationTestResult as _mediavigil_v1_IntegrationTestResult, IntegrationTestResult__Output as _mediavigil_v1_IntegrationTestResult__Output } from '../../mediavigil/v1/IntegrationTestResult.js';

export interface TestIntegrationsResponse {
  'results'?: (_mediavigil_v1_IntegrationTestResult)[];
}

export interface TestIntegrationsResponse__Output {
  'results': (_mediavigil_v1_IntegrationTestResult__Output)[];
}
