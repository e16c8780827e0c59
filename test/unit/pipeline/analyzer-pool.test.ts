// The worker pool's stop: an abort reaches the worker running a file's batch, which kills the tool
// it runs (a stand-in ffmpeg that would sleep for a minute), whether the file went alone or in a
// batch of small files; the batch's other files end with it, and the pool keeps working.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { AnalyzerPool } from '../../../src/pipeline/analyzer-pool.js';
import type { AnalysisTask } from '../../../src/types.js';
import { waitFor } from '../../helpers/wait.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-pool-'));
const pool = new AnalyzerPool(1);
after(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An "ffmpeg" that writes its pid and sleeps: the analysis of a media file waits on it until stopped. */
function sleepingTool(name: string): { tool: string; pidFile: string } {
  const pidFile = path.join(dir, `${name}.pid`);
  const tool = path.join(dir, `${name}-ffmpeg`);
  fs.writeFileSync(tool, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`, { mode: 0o755 });
  return { tool, pidFile };
}

function task(file: string, ffmpeg: string): AnalysisTask {
  return {
    path: file,
    root: dir,
    depth: 'quick',
    hashAlgorithm: 'xxh3',
    tools: { ffmpeg, ffprobe: ffmpeg, source: 'config', version: '5' },
    limits: { probeTimeoutMs: 120_000, verifyTimeoutMinMs: 120_000, verifyTimeoutPerMediaSecondMs: 1000, maxOutputBytes: 65_536, maxImagePixels: 1e8 },
  };
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

for (const small of [false, true]) {
  test(`an abort stops the tool a ${small ? 'batch of small files' : 'file on its own'} is waiting on`, async () => {
    const name = small ? 'batch' : 'alone';
    const { tool, pidFile } = sleepingTool(name);
    const media = path.join(dir, `${name}.mp3`);
    fs.writeFileSync(media, Buffer.alloc(2048, 1));
    const neighbour = path.join(dir, `${name}-notes.txt`);
    fs.writeFileSync(neighbour, 'not media');
    const controller = new AbortController();
    const analyses = [pool.analyze(task(media, tool), controller.signal, { small })];
    if (small) analyses.push(pool.analyze(task(neighbour, tool), controller.signal, { small }));
    const settled = Promise.allSettled(analyses);
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', { what: 'the tool to start', timeoutMs: 30_000 });
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    controller.abort();
    const outcomes = await settled;
    assert.equal(outcomes[0]?.status, 'rejected', 'the media file was stopped, not analysed');
    await waitFor(() => !isRunning(pid), { what: `the stand-in ffmpeg (pid ${pid}) to be killed`, timeoutMs: 30_000 });
    // The pool is still usable.
    const after = await pool.analyze(task(neighbour, tool), undefined, { small });
    assert.equal(after.outcome, 'analyzed');
  });
}
