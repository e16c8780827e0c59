// Truncation evidence from the bytes themselves. Decoders often stop silently at the end of the
// data, so we compare what the file declares (sizes, sample and frame counts, end markers) with
// what is there. Chosen by the container ffprobe found, so a file with a smashed magic still gets
// its check. Cheap (a few reads; an mp3 frame walk), so both depths run them.
import type { Issue } from '../../types.js';
import { ebmlSegmentCheck, isoBoxCheck, transportStreamCheck } from './container-length.js';
import { flacLengthCheck } from './flac-length.js';
import { mp3LengthCheck } from './mp3-length.js';
import { oggCheck } from './ogg-length.js';
import { riffCheck } from './riff-length.js';

type Check = (fd: number, size: number) => Promise<Issue[]>;

/** ffprobe's container name -> the byte-level check for it. */
const CHECKS: readonly [RegExp, Check][] = [
  [/^mov,mp4/, isoBoxCheck],
  [/^matroska/, ebmlSegmentCheck],
  [/^mpegts$/, transportStreamCheck],
  [/^(wav|avi|aiff)$/, riffCheck],
  [/^ogg$/, oggCheck],
  [/^mp3$/, mp3LengthCheck],
  [/^flac$/, flacLengthCheck],
];

/** Byte-level length checks for the container ffprobe reported (`format_name`). */
export async function byteLevelChecks(fd: number, size: number, container: string): Promise<Issue[]> {
  const check = CHECKS.find(([pattern]) => pattern.test(container));
  return check ? check[1](fd, size) : [];
}
