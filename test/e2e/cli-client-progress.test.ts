// `sweep --follow` draws a progress bar on a terminal (a pty from `script`) and none on a pipe.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/grpc-server.js';

describe('sweep --follow progress', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    for (let i = 0; i < 10; i++) t.backend.addFile(`${t.roots[0]}/f${i}.mkv`);
  });
  after(async () => {
    await t.stop();
  });

  it('draws a bar on a terminal and ends with the summary', async () => {
    const stopFinishing = t.backend.finishSweepAfterPolls(2);
    // util-linux `script` runs the command on a pseudo-terminal, as a person would.
    const command = [process.execPath, CLI, 'sweep', '--follow', '--socket', t.socketPath].map((arg) => `'${arg}'`).join(' ');
    const output = await new Promise<string>((resolve, reject) => {
      execFile('script', ['-qec', command, '/dev/null'], { timeout: 30_000, env: { ...process.env, COLUMNS: '120' } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    stopFinishing();
    assert.match(output, /\[\.{24}\] +0% {2}sweep-1: 0 of 10 seen/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI escape (ESC [2K) is what this test looks for
    assert.match(output, /\r\x1b\[2K/, 'the bar is redrawn in place and cleared');
    assert.match(output, /sweep-1 of all roots finished after/);
  });

  it('prints only the summary when stderr is not a terminal', async () => {
    await runCli(['sweep', '--socket', t.socketPath], { timeoutMs: 30_000 });
    const stopFinishing = t.backend.finishSweepAfterPolls(1);
    const result = await runCli(['sweep', '--follow', '--socket', t.socketPath], { timeoutMs: 30_000 });
    stopFinishing();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /a sweep is already running \(sweep-2\); following it\n/);
    assert.doesNotMatch(result.stderr, /\[[#.]+\]/);
    assert.match(result.stdout, /^sweep-2 of all roots finished after .*: 10 of 10 files seen \(100%\)/);
  });
});
