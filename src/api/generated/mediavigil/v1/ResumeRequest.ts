// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto


export interface ResumeRequest {
}

export interface ResumeRequest__Output {
}
