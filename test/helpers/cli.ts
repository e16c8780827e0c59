// Runs the real `mediavigil` command (the compiled CLI) as a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI entry next to the compiled tests. */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** What a CLI run printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `mediavigil ...args` with a time limit; never a shell. */
export function runCli(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string /** Written to stdin (else stdin is closed). */; input?: string | Buffer } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mediavigil ${args.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `mediavigil serve` with `configYaml` on a new empty root, its files named `name` under `dir`
 * (name, name.yaml, name-state, name.sock): for config mistakes that must stop serve before it
 * writes anything. `stateWritten` says whether the state dir was made.
 */
export async function serveWithConfig(dir: string, name: string, configYaml: string): Promise<CliResult & { stateWritten: boolean }> {
  const root = join(dir, name);
  mkdirSync(root);
  const config = join(dir, `${name}.yaml`);
  writeFileSync(config, configYaml);
  const stateDir = join(dir, `${name}-state`);
  const result = await runCli(['serve', '--root', root, '--state-dir', stateDir, '--config', config, '--socket', join(dir, `${name}.sock`)]);
  return { ...result, stateWritten: existsSync(stateDir) };
}

/** The JSON lines of `scan --json` output. */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
