// Photos sharp cannot check alone: HEIC (heif-convert), JPEG XL (djxl), JPEG 2000 (opj_decompress,
// then ffmpeg at full), camera RAW (LibRaw's unprocessed_raw, on a DNG written at test time) and
// AVIF (sharp). Real tools on files made at test time; a missing tool leaves the file UNCHECKED.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../../../src/analyzers/analyze-file.js';
import { jpeg2000Size, jpegXlSize } from '../../../src/analyzers/image/coded-size.js';
import { configureImageLibrary } from '../../../src/analyzers/image/verify-image.js';
import { locateMediaTools, missingImageDecoders } from '../../../src/analyzers/locate-tools.js';
import { sniffBytes } from '../../../src/analyzers/file/sniff.js';
import type { AnalysisResult, MediaTools, VerifyDepth } from '../../../src/types.js';
import { decideVerdict } from '../../../src/verdict/decide.js';
import { TEST_LIMITS } from '../../helpers/analysis.js';
import { overwriteRandom, smashHeader, truncateCopy } from '../../helpers/media.js';
import { PHOTO_FORMATS, makePhotoMedia } from '../../helpers/photo-media.js';

describe('photos checked by reference decoders', () => {
  let dir: string;
  let photos: Record<string, string>;
  let tools: MediaTools;

  before(async () => {
    configureImageLibrary();
    dir = mkdtempSync(join(tmpdir(), 'mv-photos-'));
    photos = await makePhotoMedia(dir, PHOTO_FORMATS);
    tools = await locateMediaTools({ env: { PATH: '/usr/bin' } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string, depth: VerifyDepth = 'full', use = tools, limits = TEST_LIMITS): Promise<AnalysisResult> =>
    analyzeFile({ path, depth, hashAlgorithm: 'xxh3', tools: use, limits, symlinks: 'follow' });
  const verdictOf = (result: AnalysisResult): string => decideVerdict(result.kind, result.issues);

  it('finds the Debian decoders on PATH', () => {
    assert.deepEqual(tools.imageDecoders, {
      heifConvert: '/usr/bin/heif-convert',
      djxl: '/usr/bin/djxl',
      opjDecompress: '/usr/bin/opj_decompress',
      unprocessedRaw: '/usr/bin/unprocessed_raw',
    });
  });

  for (const format of PHOTO_FORMATS) {
    it(`a clean ${format} is an OK image at both depths (no false alarm)`, async () => {
      for (const depth of ['quick', 'full'] as const) {
        const result = await analyze(photos[format]!, depth);
        assert.equal(result.kind, 'image', format);
        assert.deepEqual(result.issues, [], `${format} ${depth}`);
        assert.equal(verdictOf(result), 'OK');
      }
    });

    it(`a ${format} cut at 60% is CORRUPT at both depths`, async () => {
      const cut = truncateCopy(photos[format]!, join(dir, `cut.${format}`), 0.6);
      for (const depth of ['quick', 'full'] as const) {
        const result = await analyze(cut, depth);
        assert.equal(verdictOf(result), 'CORRUPT', `${format} ${depth}: ${JSON.stringify(result.issues)}`);
        // AVIF goes through sharp, whose libheif words a cut differently.
        if (format !== 'avif') assert.equal(result.issues[0]?.code, 'TRUNCATED', JSON.stringify(result.issues));
      }
    });
  }

  it('a HEIC made by heif-enc is no longer a false DECODE_ERROR, and keeps its dimensions', async () => {
    const result = await analyze(photos['heic']!);
    assert.equal(result.probe?.container, 'heif');
    assert.equal(result.probe?.streams[0]?.width, 640);
    assert.equal(result.probe?.streams[0]?.height, 480);
  });

  it('damaged coded data is CORRUPT in JPEG XL and AVIF; a smashed header in every format', async () => {
    for (const format of ['jxl', 'avif']) {
      const damaged = overwriteRandom(photos[format]!, join(dir, `random.${format}`), 0.5, 512, 3);
      assert.equal(verdictOf(await analyze(damaged)), 'CORRUPT', format);
    }
    for (const format of PHOTO_FORMATS) {
      const smashed = smashHeader(photos[format]!, join(dir, `smashed.${format}`));
      assert.equal(verdictOf(await analyze(smashed)), 'CORRUPT', format);
    }
  });

  it('JPEG 2000 damage that OpenJPEG decodes past is a WARNING from ffmpeg at full, unseen at quick', async () => {
    const damaged = overwriteRandom(photos['jp2']!, join(dir, 'random.jp2'), 0.7, 512, 4);
    const full = await analyze(damaged, 'full');
    assert.equal(verdictOf(full), 'WARNING', JSON.stringify(full.issues));
    assert.equal(full.issues[0]?.code, 'DECODER_WARNING');
    assert.match(full.issues[0]!.message, /^ffmpeg's decoder: /);
    assert.deepEqual((await analyze(damaged, 'quick')).issues, []);
  });

  it('a RAW that LibRaw does not recognize is UNCHECKED (a newer camera is likelier than damage), not CORRUPT', async () => {
    const unknown = join(dir, 'unknown-camera.nef');
    writeFileSync(unknown, Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), Buffer.alloc(64)]));
    const result = await analyze(unknown);
    assert.equal(result.kind, 'image');
    assert.equal(verdictOf(result), 'UNCHECKED', JSON.stringify(result.issues));
    assert.match(result.issues[0]!.message, /does not recognize this camera RAW file/);
  });

  it('without its decoder a format is UNCHECKED with the Debian package to install, never CORRUPT', async () => {
    const bare: MediaTools = { ...tools, imageDecoders: {} };
    const packages: Record<string, string> = { heic: 'libheif-examples', jxl: 'libjxl-tools', jp2: 'libopenjp2-tools', dng: 'libraw-bin' };
    for (const [format, debianPackage] of Object.entries(packages)) {
      const result = await analyze(photos[format]!, 'full', bare);
      assert.equal(verdictOf(result), 'UNCHECKED', format);
      assert.equal(result.issues[0]?.code, 'TOOL_MISSING');
      assert.match(result.issues[0]!.message, new RegExp(`apt-get install ${debianPackage}`));
      // Damage does not turn into a guess either: still UNCHECKED.
      const cut = truncateCopy(photos[format]!, join(dir, `bare-cut.${format}`), 0.5);
      assert.equal(verdictOf(await analyze(cut, 'full', bare)), 'UNCHECKED', format);
    }
  });

  it('tells camera RAW, JPEG XL, JPEG 2000 and AVIF apart by their first bytes', () => {
    const head = (ascii: string, pad = 32): Buffer => Buffer.concat([Buffer.from(ascii, 'latin1'), Buffer.alloc(pad)]);
    assert.equal(sniffBytes(head('\0\0\0\x18ftypcrx \0\0\0\x01')).family, 'raw'); // Canon CR3
    assert.equal(sniffBytes(head('FUJIFILMCCD-RAW 0201')).family, 'raw');
    assert.equal(sniffBytes(head('IIRO\x08\0\0\0')).family, 'raw'); // Olympus ORF
    assert.equal(sniffBytes(head('IIU\0\x18\0\0\0')).family, 'raw'); // Panasonic RW2
    assert.equal(sniffBytes(head('II*\0\x10\0\0\0CR\x02\0')).family, 'raw'); // Canon CR2
    assert.equal(sniffBytes(head('II*\0\x08\0\0\0')).family, 'tiff', 'DNG, NEF, ARW are TIFF: their name decides');
    assert.equal(sniffBytes(head('\xff\x0a\xfa')).family, 'jxl');
    assert.equal(sniffBytes(head('\xff\x4f\xff\x51')).family, 'j2k');
    assert.equal(sniffBytes(head('\0\0\0\x1cftypavif')).family, 'avif');
    assert.equal(sniffBytes(head('\0\0\0\x1cftypheic')).family, 'heif');
    for (const format of PHOTO_FORMATS) {
      assert.equal(sniffBytes(readFileSync(photos[format]!).subarray(0, 4096)).image, true, format);
    }
  });

  it('says at start which decoders are missing and what to install', () => {
    assert.deepEqual(missingImageDecoders(tools.imageDecoders), []);
    assert.deepEqual(missingImageDecoders({ djxl: '/usr/bin/djxl' }), [
      'heif-convert not found: HEIC files stay UNCHECKED (apt-get install libheif-examples)',
      'opj_decompress not found: JPEG 2000 files stay UNCHECKED (apt-get install libopenjp2-tools)',
      'unprocessed_raw not found: camera RAW files stay UNCHECKED (apt-get install libraw-bin)',
    ]);
  });

  it('reads JPEG 2000 and JPEG XL dimensions from the header and refuses images over the pixel limit', async () => {
    assert.deepEqual(jpeg2000Size(readFileSync(photos['jp2']!)), { width: 640, height: 480 });
    assert.deepEqual(jpegXlSize(readFileSync(photos['jxl']!)), { width: 640, height: 480 });
    for (const format of ['jp2', 'jxl']) {
      const result = await analyze(photos[format]!, 'full', tools, { ...TEST_LIMITS, maxImagePixels: 100_000 });
      assert.equal(result.issues[0]?.code, 'DECODE_ERROR');
      assert.match(result.issues[0]!.message, /verify\.max_image_pixels \(100000\): 640x480 = 307200 pixels/);
    }
  });
});
