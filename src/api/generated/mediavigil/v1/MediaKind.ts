// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/enums.proto

export const MediaKind = {
  MEDIA_KIND_UNSPECIFIED: 'MEDIA_KIND_UNSPECIFIED',
  MEDIA_KIND_VIDEO: 'MEDIA_KIND_VIDEO',
  MEDIA_KIND_AUDIO: 'MEDIA_KIND_AUDIO',
  MEDIA_KIND_IMAGE: 'MEDIA_KIND_IMAGE',
  MEDIA_KIND_OTHER: 'MEDIA_KIND_OTHER',
  MEDIA_KIND_SUBTITLE: 'MEDIA_KIND_SUBTITLE',
} as const;

export type MediaKind =
  | 'MEDIA_KIND_UNSPECIFIED'
  | 0
  | 'MEDIA_KIND_VIDEO'
  | 1
  | 'MEDIA_KIND_AUDIO'
  | 2
  | 'MEDIA_KIND_IMAGE'
  | 3
  | 'MEDIA_KIND_OTHER'
  | 4
  | 'MEDIA_KIND_SUBTITLE'
  | 5

export type MediaKind__Output = typeof MediaKind[keyof typeof MediaKind]
