// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/status.proto


export interface MediaTools {
  'ffmpeg_path'?: (string);
  'ffprobe_path'?: (string);
  'source'?: (string);
  'version'?: (string);
  'access_times'?: (string);
  'cpu_limit'?: (string);
}

export interface MediaTools__Output {
  'ffmpeg_path': (string);
  'ffprobe_path': (string);
  'source': (string);
  'version': (string);
  'access_times': (string);
  'cpu_limit': (string);
}
