// What ffmpeg and ffprobe may open when they read an analyzed file. Some demuxers open other files
// or URLs named inside the data (HLS and DASH playlists, concat lists, image2 patterns, mov
// external references), so a 168-byte "video" could make ffmpeg read a file outside the roots.
// Only self-contained demuxers of the media we check are allowed, and only the file protocol (the
// input is our descriptor as file:/dev/fd/3); anything else fails to open and the file is NOT_MEDIA.

/**
 * Demuxers (ffmpeg's short names) of the containers and raw streams we verify. A demuxer whose
 * name list holds any of these (e.g. "mov,mp4,m4a,3gp,3g2,mj2") is allowed. None of them opens a
 * second input: no hls, dash, concat, ffmetadata, image2 (file patterns), tee, or network formats.
 */
export const ALLOWED_DEMUXERS: readonly string[] = [
  // containers
  'mov',
  'matroska',
  'avi',
  'asf',
  'flv',
  'ogg',
  'mpegts',
  'mpeg',
  'mpegvideo',
  'nut',
  'mxf',
  'rm',
  'ivf',
  'dv',
  'caf',
  // audio
  'wav',
  'w64',
  'aiff',
  'flac',
  'mp3',
  'aac',
  'ac3',
  'eac3',
  'dts',
  'dtshd',
  'truehd',
  'mlp',
  'ape',
  'wv',
  'tta',
  'mpc',
  'mpc8',
  'amr',
  'au',
  'loas',
  'xwma',
  'dsf',
  'iff',
  'shn',
  'tak',
  'wsaud',
  'voc',
  // elementary video streams (raw .264/.hevc/.m2v in a .ts or .mpg name)
  'h264',
  'hevc',
  'm4v',
  'vc1',
  'mjpeg',
  // subtitle files (text, self-contained)
  'srt',
  'ass',
  'webvtt',
  // single pictures, read by ffmpeg where the image library cannot (BMP) and for the second opinion
  'bmp_pipe',
  'jpeg_pipe',
  'png_pipe',
  'tiff_pipe',
  'webp_pipe',
  'gif',
  'gif_pipe',
  'jpegls_pipe',
  'pam_pipe',
  'ppm_pipe',
  'j2k_pipe', // JPEG 2000: ffmpeg's decoder as a second opinion after OpenJPEG (image/reference-image.ts)
];

/** Protocols the input may use: only our descriptor through file:/dev/fd/3, never a network URL. */
export const ALLOWED_PROTOCOLS = 'file';

/** The input argument every child gets: the analyzed file is always fd 3, never a path. */
export const FD_INPUT = 'file:/dev/fd/3';

/** ffmpeg's message when a demuxer outside ALLOWED_DEMUXERS recognised the file. */
export const NOT_ALLOWED_FORMAT = /Format not on whitelist|not on (the )?(format|protocol) whitelist|Protocol '[^']*' not on whitelist/i;

/** The input options and `-i` for fd 3: the whitelists first, so they bind this input. */
export function fdInputArgs(): string[] {
  return ['-protocol_whitelist', ALLOWED_PROTOCOLS, '-format_whitelist', ALLOWED_DEMUXERS.join(','), '-i', FD_INPUT];
}
