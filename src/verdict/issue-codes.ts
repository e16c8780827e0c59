// Every issue code an analyzer may emit, with the verdict it raises. The codes are a contract:
// they appear in JSON output, the catalog and the API, and README documents each one.
import type { Verdict } from '../types.js';

/** Stable issue codes with the verdict each raises and what the user should do. */
export const ISSUE_CODES = {
  EMPTY_FILE: { verdict: 'CORRUPT', meaning: 'A media file with no bytes.', action: 'Restore it from a backup.' },
  NOT_MEDIA: {
    verdict: 'CORRUPT',
    meaning: 'The name says media but the content is not (text, or unknown bytes).',
    action: 'Restore it from a backup, or rename it if it was never media.',
  },
  CONTAINER_ERROR: {
    verdict: 'CORRUPT',
    meaning: 'The container or image header cannot be parsed (smashed header, missing index, a transport stream that does not start with a packet).',
    action: 'Restore it from a backup; a remux may rescue the streams.',
  },
  NO_STREAMS: {
    verdict: 'CORRUPT',
    meaning: 'The container opens but holds no audio, video or image stream.',
    action: 'Restore it from a backup.',
  },
  TRUNCATED: {
    verdict: 'CORRUPT',
    meaning: 'The data ends before what the file declares (sizes, frame or sample counts, duration, end marker): an incomplete copy or download.',
    action: 'Copy or download it again, or restore it from a backup.',
  },
  DECODE_ERROR: {
    verdict: 'CORRUPT',
    meaning: 'The demuxer or decoder met damaged data.',
    action: 'Restore it from a backup; the position tells where the damage is.',
  },
  CHECKSUM_MISMATCH: {
    verdict: 'CORRUPT',
    meaning: 'A checksum the file carries (a Matroska CRC-32 element) does not match its data: bytes changed after it was written.',
    action: 'Restore it from a backup; the position tells where the damage is.',
  },
  DECODER_WARNING: {
    verdict: 'WARNING',
    meaning: 'The decoder reported something unusual that is not known damage.',
    action: 'Play the file at the position given; add an ignore rule if it is harmless.',
  },
  TIMEOUT: {
    verdict: 'WARNING',
    meaning: 'A check ran past its time limit and was stopped.',
    action: 'Raise verify.timeout_* if the file is very long or the disk is slow; otherwise inspect it.',
  },
  TOOL_ERROR: {
    verdict: 'WARNING',
    meaning: 'ffmpeg, ffprobe or the image library failed for a reason that is not the file (crash, signal).',
    action: 'Check the ffmpeg install (mediavigil logs which one it uses) and recheck the file.',
  },
  TOOL_MISSING: {
    verdict: 'UNCHECKED',
    meaning:
      'No installed decoder can check this format (HEIC, JPEG XL, JPEG 2000, camera RAW): its tool is not installed, or too old for this camera or codec. The file was not checked.',
    action: 'Install the Debian package the message names (libheif-examples, libjxl-tools, libopenjp2-tools, libraw-bin) and recheck.',
  },
  SUBTITLE_BINARY: {
    verdict: 'CORRUPT',
    meaning: 'A subtitle file (.srt, .ass/.ssa, .vtt) holds binary bytes (NULs, control characters), not text.',
    action: 'Restore it from a backup or download the subtitles again.',
  },
  SUBTITLE_SYNTAX: {
    verdict: 'CORRUPT',
    meaning: 'A subtitle file does not parse: no cue, a missing header (WEBVTT, [Events]) or cue blocks that break the format.',
    action: 'Restore it from a backup or download the subtitles again.',
  },
  SUBTITLE_TIMESTAMP: {
    verdict: 'CORRUPT',
    meaning: 'A subtitle cue has a malformed timestamp or ends before it starts.',
    action: 'Restore it from a backup, or fix the timing line the message names.',
  },
  SUBTITLE_UNTERMINATED: {
    verdict: 'WARNING',
    meaning: 'A subtitle file ends in the middle of a line (no final line break): the copy may have been cut short.',
    action: 'Compare it with the source or a backup; add an ignore rule if the file was written that way.',
  },
  SUBTITLE_ENCODING: {
    verdict: 'WARNING',
    meaning: 'Subtitle text is not valid UTF-8 and has no byte-order mark: players may show wrong characters (often a legacy code page such as Windows-1252).',
    action: 'Convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8), or add an ignore rule for this code.',
  },
  JPEG_FLAT_BLOCK: {
    verdict: 'CORRUPT',
    meaning:
      'Depth full: from an MCU boundary on, a JPEG decodes to one flat colour across the picture, unlike the rows above it: zeroed or constant bytes in its compressed data, which decoders fill in without a word.',
    action: 'Restore it from a backup; add an ignore rule for this code if the picture really is flat there.',
  },
  MP3_LEADING_GARBAGE: {
    verdict: 'WARNING',
    meaning:
      'An mp3 holds bytes that are neither tag nor audio between the end of its ID3v2 tag and its first frame: its first frames were overwritten (decoders skip them silently).',
    action: 'Listen to the start; restore it from a backup, or add an ignore rule if a tagger left the bytes.',
  },
  NO_AUDIO: {
    verdict: 'WARNING',
    meaning: 'Content check (roots[].content_checks.no_audio, off by default): a video without any audio stream.',
    action: 'Replace the file if it should have sound; otherwise switch the check off for the root.',
  },
  MISSING_LANGUAGE: {
    verdict: 'WARNING',
    meaning: 'Content check (roots[].content_checks.audio_languages / subtitle_languages): no audio or subtitle stream is tagged with a required language.',
    action: 'Replace the file with a release that has the language, or fix the stream tags (mkvpropedit).',
  },
  BLACK_VIDEO: {
    verdict: 'WARNING',
    meaning:
      'Content check at depth full (roots[].content_checks.black_video): every pixel of the picture is black for longer than black_min_seconds (default 30 s).',
    action: 'Watch the position given; replace the file if the picture is missing.',
  },
  FROZEN_VIDEO: {
    verdict: 'WARNING',
    meaning:
      'Content check at depth full (roots[].content_checks.frozen_video): the picture does not change at all for longer than frozen_min_seconds (default 60 s).',
    action: 'Watch the position given; replace the file if the picture hangs.',
  },
  DURATION_MISMATCH: {
    verdict: 'WARNING',
    meaning:
      "Content check (roots[].content_checks.duration_mismatch): the media runs clearly longer than the container's own duration (a shorter run is TRUNCATED).",
    action: 'Players may stop early or seek wrongly; remux the file (e.g. ffmpeg -c copy) or replace it.',
  },
  READ_ERROR: {
    verdict: 'UNREADABLE',
    meaning: 'The operating system could not read the file (I/O error).',
    action: 'Check the disk (SMART, dmesg); restore the file from a backup.',
  },
  PERMISSION_DENIED: {
    verdict: 'UNREADABLE',
    meaning: 'mediavigil may not read the file.',
    action: 'Give the mediavigil user read access (e.g. add it to the media group).',
  },
  BITROT_SUSPECTED: {
    verdict: 'CORRUPT',
    meaning: 'The content changed while size and modification time did not.',
    action: 'Restore it from a backup, or `mediavigil accept` it if the change was intended.',
  },
} as const satisfies Record<string, { verdict: Verdict; meaning: string; action: string }>;

export type IssueCode = keyof typeof ISSUE_CODES;

/** The verdict an issue code raises; unknown codes raise WARNING so nothing is silently dropped. */
export function verdictOfCode(code: string): Verdict {
  return code in ISSUE_CODES ? ISSUE_CODES[code as IssueCode].verdict : 'WARNING';
}
