// End to end: `mediavigil scan` over phone/camera photos and subtitle files made at test time, with
// Debian's reference decoders and without them; and a daemon that lists subtitles by `--kind`.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jsonLines, runCli } from '../helpers/cli.js';
import { FAST_CONFIG, startServe } from '../helpers/daemon.js';
import { FIXTURE_FFMPEG, FIXTURE_FFPROBE, overwriteRandom, truncateCopy } from '../helpers/media.js';
import { PHOTO_FORMATS, PHOTO_FORMAT_KIND, SUBTITLE_FORMATS, makePhotoMedia } from '../helpers/photo-media.js';
import { waitFor } from '../helpers/wait.js';

interface Line {
  path: string;
  kind: string;
  verdict: string;
  issues: Array<{ code: string; message: string }>;
}

let work: string;
let clean: string;
let made: Record<string, string>;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mv-scan-photos-'));
  clean = join(work, 'clean');
  mkdirSync(clean);
  made = await makePhotoMedia(clean, [...PHOTO_FORMATS, ...SUBTITLE_FORMATS]);
});
after(() => rmSync(work, { recursive: true, force: true }));

const byName = (lines: Line[]): Map<string, Line> => new Map(lines.map((line) => [basename(line.path), line]));

describe('scan of photos and subtitles', () => {
  test('clean HEIC, AVIF, JPEG XL, JPEG 2000, DNG and SRT/ASS/VTT are OK with their kind; exit 0', async () => {
    const result = await runCli(['scan', clean, '--json', '--depth', 'full']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const lines = jsonLines<Line>(result.stdout);
    assert.equal(lines.length, PHOTO_FORMATS.length + SUBTITLE_FORMATS.length);
    for (const [format, path] of Object.entries(made)) {
      const line = byName(lines).get(basename(path));
      assert.ok(line, format);
      assert.equal(line.verdict, 'OK', `${format}: ${JSON.stringify(line.issues)}`);
      assert.equal(line.kind, PHOTO_FORMAT_KIND[format]);
    }
  });

  test('cut photos and a damaged subtitle are CORRUPT; exit 1', async () => {
    const damaged = join(work, 'damaged');
    mkdirSync(damaged);
    for (const format of ['heic', 'jxl', 'jp2', 'dng']) truncateCopy(made[format]!, join(damaged, `cut.${format}`), 0.7);
    overwriteRandom(made['srt']!, join(damaged, 'noisy.srt'), 0.4, 200, 5);
    const result = await runCli(['scan', damaged, '--json']);
    assert.equal(result.code, 1, result.stderr);
    const lines = byName(jsonLines<Line>(result.stdout));
    for (const format of ['heic', 'jxl', 'jp2', 'dng']) {
      assert.equal(lines.get(`cut.${format}`)?.verdict, 'CORRUPT', format);
      assert.equal(lines.get(`cut.${format}`)?.issues[0]?.code, 'TRUNCATED', format);
    }
    assert.equal(lines.get('noisy.srt')?.kind, 'subtitle');
    assert.equal(lines.get('noisy.srt')?.verdict, 'CORRUPT');
    assert.ok(lines.get('noisy.srt')?.issues.some((issue) => issue.code === 'SUBTITLE_BINARY'));
  });

  test('without the Debian decoders on PATH those photos are UNCHECKED with the package to install, not CORRUPT', async () => {
    const bin = join(work, 'bin');
    mkdirSync(bin);
    symlinkSync(FIXTURE_FFMPEG, join(bin, 'ffmpeg'));
    symlinkSync(FIXTURE_FFPROBE, join(bin, 'ffprobe'));
    const result = await runCli(['scan', clean, '--json'], { env: { ...process.env, PATH: bin, FFMPEG_PATH: '', FFPROBE_PATH: '' } });
    assert.equal(result.code, 0, result.stderr);
    const lines = byName(jsonLines<Line>(result.stdout));
    const expected: Record<string, string> = { heic: 'libheif-examples', jxl: 'libjxl-tools', jp2: 'libopenjp2-tools', dng: 'libraw-bin' };
    for (const [format, debianPackage] of Object.entries(expected)) {
      const line = lines.get(basename(made[format]!));
      assert.equal(line?.verdict, 'UNCHECKED', format);
      assert.equal(line?.issues[0]?.code, 'TOOL_MISSING');
      assert.match(line?.issues[0]?.message ?? '', new RegExp(`apt-get install ${debianPackage}`));
    }
    assert.equal(lines.get(basename(made['avif']!))?.verdict, 'OK', 'AVIF needs no external tool');
  });
});

describe('a daemon with subtitles in its root', () => {
  test('files --kind subtitle lists them, with kind "subtitle" in --json', async () => {
    const root = join(work, 'root');
    mkdirSync(root);
    for (const format of ['srt', 'vtt', 'heic']) copyFileSync(made[format]!, join(root, basename(made[format]!)));
    const serve = await startServe({ roots: [root], stateDir: join(work, 'state'), configYaml: FAST_CONFIG });
    try {
      const cli = (...args: string[]) => runCli([...args, '--socket', serve.socket], { timeoutMs: 30_000 });
      const listed = await waitFor(
        async () => {
          const result = await cli('files', '--kind', 'subtitle', '--json');
          const lines = jsonLines<Line>(result.stdout);
          return lines.length === 2 ? lines : undefined;
        },
        { what: 'two subtitle files in the catalog', timeoutMs: 60_000 },
      );
      assert.deepEqual(
        listed.map((line) => line.kind),
        ['subtitle', 'subtitle'],
      );
      assert.deepEqual(listed.map((line) => basename(line.path)).sort(), ['captions.srt', 'captions.vtt']);
    } finally {
      await serve.stop();
    }
  });
});
