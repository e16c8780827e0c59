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
