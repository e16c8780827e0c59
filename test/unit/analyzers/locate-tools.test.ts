// The tool lookup: where ffmpeg and ffprobe come from, and errors that name the setting that is wrong.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import { MvError } from '../../../src/errors.js';
import { parseToolVersion } from '../../../src/analyzers/tool-version.js';

describe('locateMediaTools', () => {
  let dir: string;
  let fakeBin: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mv-tools-'));
    fakeBin = join(dir, 'bin');
    mkdirSync(fakeBin);
    for (const name of ['ffmpeg', 'ffprobe']) {
      writeFileSync(join(fakeBin, name), '#!/bin/sh\necho "ffmpeg version 9.9-fake Copyright"\n');
      chmodSync(join(fakeBin, name), 0o755);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the system PATH when nothing else is set', async () => {
    const tools = await locateMediaTools({ env: { PATH: fakeBin } });
    assert.equal(tools.ffmpeg, join(fakeBin, 'ffmpeg'));
    assert.equal(tools.source, 'PATH');
    assert.equal(tools.version, '9.9-fake');
  });

  it('prefers FFMPEG_PATH/FFPROBE_PATH over PATH', async () => {
    const tools = await locateMediaTools({ env: { PATH: fakeBin, FFMPEG_PATH: '/usr/bin/ffmpeg', FFPROBE_PATH: '/usr/bin/ffprobe' } });
    assert.equal(tools.ffmpeg, '/usr/bin/ffmpeg');
    assert.equal(tools.ffprobe, '/usr/bin/ffprobe');
    assert.equal(tools.source, 'env');
    assert.match(tools.version, /^\d+\.\d+/);
  });

  it('prefers config paths over the environment', async () => {
    const tools = await locateMediaTools({
      ffmpegPath: join(fakeBin, 'ffmpeg'),
      ffprobePath: join(fakeBin, 'ffprobe'),
      env: { FFMPEG_PATH: '/usr/bin/ffmpeg', FFPROBE_PATH: '/usr/bin/ffprobe' },
    });
    assert.equal(tools.ffmpeg, join(fakeBin, 'ffmpeg'));
    assert.equal(tools.source, 'config');
  });

  it('names the variable when an explicit path is wrong', async () => {
    await assert.rejects(
      locateMediaTools({ env: { PATH: fakeBin, FFMPEG_PATH: join(dir, 'nope') } }),
      (e: unknown) => e instanceof MvError && e.code === 'MV_ERR_FFMPEG' && e.message.includes('FFMPEG_PATH') && e.message.includes('not an executable file'),
    );
    await assert.rejects(
      locateMediaTools({ ffprobePath: dir, env: {} }),
      (e: unknown) => e instanceof MvError && e.message.startsWith(`ffmpeg.ffprobe_path ${dir}:`),
    );
  });

  it("has no npm fallback: without ffmpeg on PATH it says to install Debian's ffmpeg", async () => {
    await assert.rejects(
      locateMediaTools({ env: { PATH: '' } }),
      (e: unknown) => e instanceof MvError && e.code === 'MV_ERR_FFMPEG_MISSING' && /apt-get install ffmpeg/.test(e.message) && !/npm/.test(e.message),
    );
  });

  it('refuses an ffmpeg older than 5.1, naming its version and what to install', async () => {
    const old = join(dir, 'old');
    mkdirSync(old);
    // The first lines of the 2018 static build @ffmpeg-installer/linux-x64 shipped.
    writeFileSync(join(old, 'ffmpeg'), `#!/bin/sh\nprintf '${OLD_NPM_FFMPEG}'\n`);
    chmodSync(join(old, 'ffmpeg'), 0o755);
    await assert.rejects(
      locateMediaTools({ env: { PATH: fakeBin, FFMPEG_PATH: join(old, 'ffmpeg') } }),
      (e: unknown) =>
        e instanceof MvError &&
        e.code === 'MV_ERR_FFMPEG_OUTDATED' &&
        e.message.includes('N-47683-g0e8eb07980-static') &&
        e.message.includes('libavcodec 58.42') &&
        e.message.includes('apt-get install ffmpeg'),
    );
  });

  it('checks ffprobe too, not only ffmpeg', async () => {
    const old = join(dir, 'old-probe');
    mkdirSync(old);
    writeFileSync(join(old, 'ffprobe'), "#!/bin/sh\necho 'ffprobe version 4.4.2-0ubuntu0.22.04.1 Copyright'\n");
    chmodSync(join(old, 'ffprobe'), 0o755);
    await assert.rejects(
      locateMediaTools({ env: { PATH: fakeBin, FFPROBE_PATH: join(old, 'ffprobe') } }),
      (e: unknown) => e instanceof MvError && e.code === 'MV_ERR_FFMPEG_OUTDATED' && e.message.includes('release 4.4'),
    );
  });
});

const OLD_NPM_FFMPEG = [
  'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers',
  'libavutil      56. 24.101 / 56. 24.101',
  'libavcodec     58. 42.100 / 58. 42.100',
].join('\\n');

describe('parseToolVersion', () => {
  it('reads the release from libavcodec, whatever the first line calls it', () => {
    assert.deepEqual(
      parseToolVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright\nlibavutil      57. 28.100 / 57. 28.100\nlibavcodec     59. 37.100 / 59. 37.100\n'),
      { name: '5.1.9-0+deb12u1', recentEnough: true, evidence: 'libavcodec 59.37' },
    );
    assert.equal(parseToolVersion('ffmpeg version N-66595-gc2b38619c0-static x\nlibavcodec     60. 22.100 / 60. 22.100')?.recentEnough, true);
    assert.equal(parseToolVersion('ffmpeg version 5.0.3 x\nlibavcodec     59. 18.100 / 59. 18.100')?.recentEnough, false);
  });

  it('falls back to the release number, and refuses a build it cannot date', () => {
    assert.equal(parseToolVersion('ffmpeg version n7.1 Copyright')?.recentEnough, true);
    assert.equal(parseToolVersion('ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright')?.recentEnough, false);
    assert.equal(parseToolVersion('ffmpeg version N-47683-g0e8eb07980-static')?.recentEnough, false);
    assert.equal(parseToolVersion('not ffmpeg'), undefined);
  });
});
