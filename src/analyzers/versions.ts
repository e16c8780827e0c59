// Versions of the analyzers' logic. A record made by an older version is re-analyzed, so raise the
// matching number whenever what an analyzer finds could change (new message rule, new check).

/**
 * Current analyzer versions, stored in every result's `analyzers`.
 * verify 2: byte-level length checks (mp4 boxes, Matroska segment, MPEG-TS framing, RIFF, mp3
 * frames, FLAC samples), duration per stream, Matroska CRC-32, FLAC CRC-16, image decode through
 * sharp's pipeline (stats() lost errors) plus ffmpeg's second opinion on JPEG/TIFF, positions.
 * verify 3: HEIC, JPEG XL, JPEG 2000 and camera RAW through Debian's reference decoders (HEIC was a
 * false DECODE_ERROR), ffmpeg's second opinion on HEIC's HEVC data and on JPEG 2000, subtitles.
 * verify 4: JPEG_FLAT_BLOCK, MP3_LEADING_GARBAGE, the content checks (NO_AUDIO, MISSING_LANGUAGE,
 * BLACK_VIDEO, FROZEN_VIDEO, DURATION_MISMATCH) and quick's sampled full decode of AVI/MPEG-PS/ASF.
 */
export const ANALYZER_VERSIONS = { hash: 1, probe: 1, verify: 4 } as const;
