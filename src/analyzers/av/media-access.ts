// What `status` says about access times. ffmpeg reads the analyzed file from our descriptor; as
// file:/dev/fd/3 it opens the file again (Debian's ffmpeg 5.1 has no `fd:` protocol to read the
// descriptor itself), and that new open is a read the kernel stamps on the file's atime.
import { FD_INPUT } from './input-whitelist.js';

/** Whether checking changes media access times, worded for `status`; follows the input ffmpeg is given. */
export function accessTimesNote(input: string = FD_INPUT): string {
  if (input.startsWith('fd:')) return 'kept: ffmpeg reads our open descriptor';
  return 'ffmpeg reopens media through /dev/fd; audio/video atimes may change; images keep theirs';
}
