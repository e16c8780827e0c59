// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/integrations.proto


export interface TestIntegrationsRequest {
}

export interface TestIntegrationsRequest__Output {
}
