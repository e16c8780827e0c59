// The report's section on the extra entries (extra-damage.ts): every file with what each method
// said, so each new issue code stands next to the plain-decoder baselines of the same run.
import { METHODS, type JudgedFile } from './tally.js';

/** Markdown lines of the section; none when the corpus has no extra entries. */
export function extraSection(files: readonly JudgedFile[]): string[] {
  const extras = files.filter((f) => f.damage === 'silent' || f.damage === 'content' || f.format === 'jpg-hd' || f.format === 'content');
  if (extras.length === 0) return [];
  const out = [
    '## Damage decoders pass in silence, and content checks (issue 16)',
    '',
    "Beyond the plan above: zeroed compressed data in a 1280x720 JPEG (ffmpeg's optimised Huffman tables, where zero bits decode as flat blocks), " +
      "random bytes between an mp3's ID3 tag and its first frame, and content problems that decode cleanly. The content files sit in a folder " +
      'scanned with `content_checks: {no_audio: true, audio_languages: [eng]}` (black_video, frozen_video and duration_mismatch are on by default); ' +
      'its clean files (a fade in, a 15 s static title card and a black tail; an untouched mp4) must stay OK. A cell shows the first issue code, or - when not found.',
    '',
    `| file | damage | ${METHODS.join(' | ')} |`,
    `| --- | --- | ${METHODS.map(() => '---').join(' | ')} |`,
  ];
  for (const f of extras) {
    const cells = METHODS.map((m) => {
      const j = f.judged[m];
      if (!j.found) return '-';
      return m.startsWith('scan') ? (/^([A-Z_]+):/.exec(j.detail)?.[1] ?? j.detail) : 'found';
    });
    out.push(`| ${f.format} | ${f.damage === 'clean' ? `clean (${f.variant})` : f.variant} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out;
}
