// Debian's reference decoders for the still formats sharp cannot check: HEVC-coded HEIC
// (heif-convert, libheif + libde265), JPEG XL (djxl), JPEG 2000 (opj_decompress) and camera RAW
// (LibRaw's unprocessed_raw: the file must open and its raw data unpack). Each runs through the
// one runner, on our descriptor (fd 3): the tools take file names, so a private temporary folder
// outside the roots holds `in.EXT` -> /dev/fd/3 (the suffix is how some of them pick a format) and
// the output name -> /dev/null, so no pixels are written anywhere and no media path reaches argv.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisLimits, ImageDecoderPaths, Issue, MediaTools } from '../../types.js';
import { runProcess, type RunResult } from '../../process/run-process.js';

/** The formats that go to a reference decoder. */
export type ReferenceFormat = 'heic' | 'jxl' | 'jp2' | 'j2k' | 'raw';

interface Decoder {
  tool: keyof ImageDecoderPaths;
  /** Shown in messages: what the user knows the format as. */
  label: string;
  /** The Debian package that holds the tool, named when it is missing. */
  debianPackage: string;
  input: string;
  /** Names under the folder that are links to /dev/null (what the tool writes). */
  sinks: string[];
  /** The arguments, given where each name of the private folder is. */
  args: (at: (name: string) => string) => string[];
  /** How this tool says that the data stops early. */
  truncation: RegExp;
  /** How it says it does not know the file at all (a camera newer than the installed LibRaw): no verdict. */
  unknown?: RegExp;
}

/** OpenJPEG's decoder for a JPEG 2000 file (a jp2 container or a bare j2k codestream): opj_decompress picks by the input's extension. */
function openJpeg(input: string): Decoder {
  return {
    tool: 'opjDecompress',
    label: 'JPEG 2000',
    debianPackage: 'libopenjp2-tools',
    input,
    sinks: ['out.raw'],
    args: (at) => ['-threads', '1', '-i', at(input), '-o', at('out.raw')],
    truncation: /inconsistent with stream length|end of (the )?(code)?stream|truncated/i,
  };
}

const DECODERS: Record<ReferenceFormat, Decoder> = {
  heic: {
    tool: 'heifConvert',
    label: 'HEIC',
    debianPackage: 'libheif-examples',
    input: 'in.heic',
    sinks: ['out.y4m'],
    args: (at) => ['--quiet', at('in.heic'), at('out.y4m')],
    truncation: /end of file|outside of file bounds|truncated/i,
  },
  jxl: {
    tool: 'djxl',
    label: 'JPEG XL',
    debianPackage: 'libjxl-tools',
    input: 'in.jxl',
    sinks: [],
    // Without an output name djxl decodes every pixel and discards them.
    args: (at) => ['--num_threads=1', at('in.jxl')],
    truncation: /truncated/i,
  },
  jp2: openJpeg('in.jp2'),
  j2k: openJpeg('in.j2k'),
  raw: {
    // unprocessed_raw writes the unpacked mosaic next to its input, as INPUT.pgm.
    tool: 'unprocessedRaw',
    label: 'camera RAW',
    debianPackage: 'libraw-bin',
    input: 'in.raw',
    sinks: ['in.raw.pgm'],
    args: (at) => ['-q', at('in.raw')],
    truncation: /unexpected end of file/i,
    unknown: /unsupported file format or not RAW file/i,
  },
};

/** Lines a tool prints that are progress or statistics, not findings. */
const CHATTER =
  /^\s*$|^\[INFO\]|characteristics|decode time|^JPEG XL decoder|^Read \d+ compressed|^No output file|^Decoding will be performed|^Decoded to pixels|MP\/s|^File contains|^Written to|^ERROR -> opj_decompress: failed to decode image!$/;

/** A decoder built without the codec the file needs has no opinion on the file (libheif without libde265). */
const NO_CODEC = /has not been built in|no decoder|unsupported (codec|compression)|not supported/i;

/** Decodes the image behind `fd` with the reference decoder for `format`; returns the issues (empty when clean). */
export async function decodeWithReference(
  format: ReferenceFormat,
  fd: number,
  tools: MediaTools,
  limits: AnalysisLimits,
  signal?: AbortSignal,
): Promise<Issue[]> {
  const decoder = DECODERS[format];
  const tool = tools.imageDecoders?.[decoder.tool];
  if (!tool) return [missingTool(decoder)];
  const dir = await mkdtemp(join(tmpdir(), 'mediavigil-decode-'));
  try {
    await symlink('/dev/fd/3', join(dir, decoder.input));
    for (const sink of decoder.sinks) await symlink('/dev/null', join(dir, sink));
    const run = await runProcess(
      tool,
      decoder.args((name) => join(dir, name)),
      {
        timeoutMs: limits.verifyTimeoutMinMs,
        cpuSeconds: limits.verifyTimeoutMinMs / 1000,
        maxOutputBytes: limits.maxOutputBytes,
        extraFds: [fd],
        ...(signal ? { signal } : {}),
      },
    );
    if (run.aborted) signal?.throwIfAborted();
    return judge(decoder, tool, run, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The issue for a format whose decoder is not installed: UNCHECKED, with what to install. */
export function missingTool(decoder: Pick<Decoder, 'label' | 'debianPackage'> & { tool: string }): Issue {
  return {
    code: 'TOOL_MISSING',
    message: `${decoder.label} images are not checked: install Debian's ${decoder.debianPackage} (apt-get install ${decoder.debianPackage}) and restart mediavigil`,
  };
}

function judge(decoder: Decoder, tool: string, run: RunResult, limits: AnalysisLimits): Issue[] {
  if (run.timedOut || run.cpuLimited) return [{ code: 'TIMEOUT', message: `${tool} ran longer than ${limits.verifyTimeoutMinMs} ms` }];
  const findings = `${run.stderr}\n${run.stdout}`
    .split('\n')
    .map((line) => line.trim().replace(/\/\S*mediavigil-decode-\w+\//g, ''))
    .filter((line) => !CHATTER.test(line));
  const text = findings.join('; ').slice(0, 500);
  if (run.signal) return [{ code: 'TOOL_ERROR', message: `${tool} was killed by ${run.signal}${text ? `: ${text}` : ''}` }];
  if (NO_CODEC.test(text) && !/invalid|corrupt|end of file/i.test(text)) {
    return [{ code: 'TOOL_MISSING', message: `${tool} cannot decode this ${decoder.label} image (${text}); install the codec it names` }];
  }
  // unprocessed_raw exits 0 after "Cannot open/unpack": its messages, not its exit code, are the verdict.
  if (run.exitCode === 0 && findings.length === 0) return [];
  if (decoder.unknown?.test(text)) {
    // The RAW magic or name is there but LibRaw knows no such file: far likelier a newer camera than damage.
    return [
      {
        code: 'TOOL_MISSING',
        message: `${tool} does not recognize this ${decoder.label} file (${text}): a camera newer than the installed ${decoder.debianPackage}, or a damaged header`,
      },
    ];
  }
  if (decoder.truncation.test(text)) return [{ code: 'TRUNCATED', message: `${decoder.label}: ${text}` }];
  if (/cannot open|not an? .*file|unsupported file format|invalid (signature|input)|no ftyp|unknown input file format/i.test(text)) {
    return [{ code: 'CONTAINER_ERROR', message: `${decoder.label}: ${text}` }];
  }
  if (run.exitCode === 0 && !/error|cannot|corrupt|fail/i.test(text)) return [{ code: 'DECODER_WARNING', message: `${decoder.label}: ${text}` }];
  return [{ code: 'DECODE_ERROR', message: `${decoder.label}: ${text || `${tool} exited with code ${run.exitCode}`}` }];
}
