// Which FFmpeg release a binary is, and whether it is new enough to decode untrusted media.
// The minimum is FFmpeg 5.1 (libavcodec 59.37), the release Debian 12 ships and patches: older
// builds carry years of fixed decoder CVEs, and the static builds the npm packages shipped (a 2018
// ffmpeg, a 2023 git ffprobe that segfaults on MPEG-TS) gave wrong verdicts on good files.
// The version is read from the libavcodec line, because git and distribution builds print names
// like `N-47683-g0e8eb07980-static` or `7:5.1.9-0+deb12u1` in the first line; only when that line
// is missing (a wrapper script) is the `ffmpeg version X.Y` number used.

/** The oldest FFmpeg release mediavigil runs, as shown to people. */
export const MINIMUM_FFMPEG = '5.1';
/** libavcodec's major.minor of FFmpeg 5.1. */
export const MINIMUM_LIBAVCODEC: readonly [number, number] = [59, 37];

/** What a `-version` output says about the release. */
export interface ToolVersion {
  /** The first line's version word, e.g. `5.1.9-0+deb12u1` or `N-47683-g0e8eb07980-static`. */
  name: string;
  /** True when the release is at least MINIMUM_FFMPEG; false when older or when it cannot be told. */
  recentEnough: boolean;
  /** How the decision was made, for the error message (e.g. `libavcodec 58.42`). */
  evidence: string;
}

/** Reads `ffmpeg -version` / `ffprobe -version` output; undefined when it is not such output. */
export function parseToolVersion(output: string): ToolVersion | undefined {
  const name = /^ff(?:mpeg|probe) version (\S+)/.exec(output.split('\n', 1)[0] ?? '')?.[1];
  if (name === undefined) return undefined;
  const codec = /^libavcodec\s+(\d+)\.\s*(\d+)\./m.exec(output);
  if (codec) {
    const found: [number, number] = [Number(codec[1]), Number(codec[2])];
    return { name, recentEnough: atLeast(found, MINIMUM_LIBAVCODEC), evidence: `libavcodec ${found.join('.')}` };
  }
  const release = /^n?(\d+)\.(\d+)/.exec(name);
  if (release) {
    const found: [number, number] = [Number(release[1]), Number(release[2])];
    return { name, recentEnough: atLeast(found, [5, 1]), evidence: `release ${found.join('.')}` };
  }
  return { name, recentEnough: false, evidence: 'no release number and no libavcodec line' };
}

function atLeast(found: readonly [number, number], minimum: readonly [number, number]): boolean {
  return found[0] > minimum[0] || (found[0] === minimum[0] && found[1] >= minimum[1]);
}
