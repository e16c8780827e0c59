// Hostile media through a real daemon's worker pool: seeded mutations of valid files (bit flips,
// a duplicated chunk, a cut), absurd declared sizes, decompression bombs, and files on which the
// decoder hangs (a stand-in ffmpeg/ffprobe that starts a grandchild and never ends). The daemon
// never crashes, every file gets a record (no worker death loses work), every hung tool is killed
// on its time limit with its whole process group (no process of the daemon's is left behind), and
// the daemon's memory stays bounded. The seed is printed; MV_FAULT_SEED=<seed> replays it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { closeReader, launchServe, readCatalog } from '../helpers/daemon.js';
import { duplicateChunk, flipBits, HANG_DECODE, HANG_PROBE, hugeDeclaredSizes, pngBomb, writeHangingTool } from '../helpers/faults-media.js';
import { faultSeed, processesWithEnv, rssBytes, seededRandom } from '../helpers/faults.js';
import { makeCleanMedia } from '../helpers/media.js';
import { waitFor } from '../helpers/wait.js';

const FORMATS = ['mp4', 'mkv', 'ts', 'mp3', 'flac', 'ogg', 'wav', 'jpg', 'png', 'gif', 'tiff'];
/** The daemon's resident memory must stay below this (a decoded 20000 x 20000 bomb alone is 400 MB). */
const RSS_LIMIT = 450 * 1024 * 1024;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-faults-media-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('hostile media', () => {
  test('fuzzed, oversized, bomb and hanging files: no crash, no loss, no leftover process, bounded memory', async (t) => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    t.diagnostic(`seed ${seed} (MV_FAULT_SEED=${seed} replays these mutations)`);
    const clean = await makeCleanMedia(path.join(tmp), FORMATS);
    const root = path.join(tmp, 'media');
    fs.mkdirSync(root);
    const made: string[] = [];
    const put = (name: string, data: Buffer): void => {
      fs.writeFileSync(path.join(root, name), data);
      made.push(name);
    };
    for (const format of FORMATS) {
      const source = clean[format] as string;
      const data = fs.readFileSync(source);
      const ext = path.extname(source);
      put(`flip-few-${format}${ext}`, flipBits(data, random, random.int(1, 8)));
      put(`flip-many-${format}${ext}`, flipBits(data, random, random.int(64, 512)));
      put(`dup-${format}${ext}`, duplicateChunk(data, random));
      put(`cut-${format}${ext}`, data.subarray(0, random.int(16, data.length - 1)));
      const huge = hugeDeclaredSizes(format, data);
      if (huge) put(`huge-${format}${ext}`, huge);
    }
    put('bomb-20000x20000.png', await pngBomb(20_000));
    put('bomb-header.gif', hugeDeclaredSizes('gif', fs.readFileSync(clean['gif'] as string)) as Buffer);
    // Valid media with a marker after its end: the stand-in tools hang on them.
    const wav = fs.readFileSync(clean['wav'] as string);
    put('endless-probe.wav', Buffer.concat([wav, Buffer.from(HANG_PROBE)]));
    put('endless-decode.wav', Buffer.concat([wav, Buffer.from(HANG_DECODE)]));
    put('endless-decode-2.mp3', Buffer.concat([fs.readFileSync(clean['mp3'] as string), Buffer.from(HANG_DECODE)]));

    const tools = path.join(tmp, 'tools');
    fs.mkdirSync(tools);
    const marker = `MV_FAULT_RUN=${randomUUID()}`;
    writeHangingTool(path.join(tools, 'ffprobe'), '/usr/bin/ffprobe', HANG_PROBE, marker);
    writeHangingTool(path.join(tools, 'ffmpeg'), '/usr/bin/ffmpeg', HANG_DECODE, marker);
    const state = path.join(tmp, 'state');
    const serve = launchServe({
      roots: [root],
      stateDir: state,
      runDir: path.join(tmp, 'run'),
      env: { [marker.split('=')[0] as string]: marker.split('=')[1] },
      configYaml: `
pool: { workers: 2 }
metrics: { enabled: false }
scrub: { enabled: false }
watch: { stable_seconds: 0.3 }
verify: { depth: full, probe_timeout_seconds: 2, timeout_min_seconds: 3, timeout_per_media_second: 1 }
ffmpeg: { ffmpeg_path: ${path.join(tools, 'ffmpeg')}, ffprobe_path: ${path.join(tools, 'ffprobe')} }
`,
    });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(serve.child.pid as number))), 100);
    try {
      await waitFor(() => serve.logged('sweep finished') || serve.child.exitCode !== null, {
        what: 'the sweep of the hostile files',
        timeoutMs: 150_000,
        everyMs: 100,
      });
      assert.equal(serve.child.exitCode, null, `the daemon is still running: ${serve.stderr()}`);
      await waitFor(() => readCatalog(state, (catalog) => catalog.pendingCount() === 0), { what: 'no queued work' });
      const leftovers = processesWithEnv(marker, [serve.child.pid as number]);
      assert.deepEqual(leftovers, [], 'no ffmpeg, ffprobe or grandchild of theirs outlives its file');
    } finally {
      clearInterval(sampler);
      const code = await serve.stop();
      assert.equal(code, 0, serve.stderr());
    }
    assert.deepEqual(processesWithEnv(marker), [], 'nothing of the daemon is left after it stopped');

    const records = readCatalog(state, (catalog) => [...catalog.allRecords()]);
    await closeReader(state);
    assert.deepEqual(records.map((r) => path.basename(r.path)).sort(), [...made].sort(), 'every file has a record: nothing lost');
    const byName = new Map(records.map((r) => [path.basename(r.path), r]));
    for (const name of ['endless-probe.wav', 'endless-decode.wav', 'endless-decode-2.mp3']) {
      assert.ok(
        byName.get(name)?.issues.some((issue) => issue.code === 'TIMEOUT'),
        `${name}: ${JSON.stringify(byName.get(name)?.issues)}`,
      );
    }
    const bomb = byName.get('bomb-20000x20000.png');
    assert.equal(bomb?.verdict, 'CORRUPT', JSON.stringify(bomb?.issues));
    assert.match(JSON.stringify(bomb?.issues), /max_image_pixels/, 'the bomb is refused by the pixel limit, not decoded');
    const workerDeaths = records.filter((r) => r.issues.some((issue) => /^analysis failed/.test(issue.message)));
    assert.deepEqual(
      workerDeaths.map((r) => r.path),
      [],
      'no analysis died in its worker',
    );
    const verdicts: Record<string, number> = {};
    for (const record of records) verdicts[record.verdict] = (verdicts[record.verdict] ?? 0) + 1;
    t.diagnostic(`${records.length} hostile files: ${JSON.stringify(verdicts)}; daemon peak RSS ${Math.round(peakRss / 1048576)} MB`);
    assert.ok(peakRss > 0 && peakRss < RSS_LIMIT, `daemon RSS peaked at ${Math.round(peakRss / 1048576)} MB (limit ${RSS_LIMIT / 1048576} MB)`);
  });
});
