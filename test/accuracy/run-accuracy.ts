// `npm run accuracy`: builds the damage corpus, judges it with mediavigil's two tiers and with the
// methods other checkers use, measures the speed clip, and writes test/accuracy/RESULTS.md (+ JSON).
// Exit 1 when a promise of issue #5 is broken on this run.
//
// Environment: MEDIAVIGIL_ACCURACY_DIR keeps (and reuses) the corpus in that folder instead of a
// temporary one; MEDIAVIGIL_BENCH_OUT writes the JSON there instead of test/accuracy/out/results.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { locateMediaTools } from '../../src/analyzers/locate-tools.js';
import { buildCorpus, type CorpusFile } from './corpus.js';
import { renderMarkdown } from './markdown.js';
import { judgeCorpus } from './judge.js';
import { makeSpeedClip, measureSpeed } from './speed.js';
import { tally, type JudgedFile } from './tally.js';

/** The committed report lives in the source tree, not next to the compiled harness. */
const SOURCE_DIR = fileURLToPath(new URL('../../../test/accuracy/', import.meta.url));

async function main(): Promise<number> {
  const started = performance.now();
  const kept = process.env['MEDIAVIGIL_ACCURACY_DIR'];
  const work = kept ? resolve(kept) : mkdtempSync(join(tmpdir(), 'mv-accuracy-'));
  try {
    const tools = await locateMediaTools({ env: process.env });
    const jobs = availableParallelism();
    log(`ffmpeg ${tools.version} (${tools.source}); corpus in ${work}`);
    const corpus = await loadOrBuild(join(work, 'corpus'));
    const speedDir = join(work, 'speed');
    mkdirSync(speedDir, { recursive: true });
    const clip = existsSync(join(speedDir, 'film-1080p.mp4')) && kept ? join(speedDir, 'film-1080p.mp4') : await makeSpeedClip(speedDir);
    log(`corpus ready: ${corpus.length} files (${((performance.now() - started) / 1000).toFixed(0)} s)`);

    const { files, seconds } = await judgeCorpus(join(work, 'corpus'), corpus, tools, jobs, log);
    const speed = await measureSpeed(clip, tools);
    log(`speed clip: quick verify ${speed.quick.verifyMs.toFixed(0)} ms, full ${speed.full.verifyMs.toFixed(0)} ms (${speed.ratio.toFixed(1)}x)`);

    const result = tally(files, seconds, speed);
    const info = {
      ffmpegVersion: tools.version,
      cpus: availableParallelism(),
      jobs,
      totalSeconds: (performance.now() - started) / 1000,
      cleanFiles: files.filter((f) => f.damage === 'clean').length,
      damagedFiles: files.filter((f) => f.damage !== 'clean').length,
    };
    const markdown = renderMarkdown(result, files, speed, info);
    writeFileSync(join(SOURCE_DIR, 'RESULTS.md'), markdown);
    // The per-file JSON is large and changes every run: it goes to the ignored out/ folder, not into git.
    const jsonPath = process.env['MEDIAVIGIL_BENCH_OUT'] ?? join(SOURCE_DIR, 'out', 'results.json');
    mkdirSync(dirname(jsonPath), { recursive: true });
    const relative = (p: string): string => p.slice(work.length + 1);
    writeFileSync(
      jsonPath,
      `${JSON.stringify({ info, ...result, speed: { ...speed, clip: relative(speed.clip) }, files: files.map((f) => ({ ...f, path: relative(f.path), judged: withoutEvidence(f.judged) })) }, null, 1)}\n`,
    );
    process.stdout.write(`${markdown.split('\n## By format')[0]}\n`);
    for (const failure of result.failures) process.stdout.write(`BROKEN: ${failure}\n`);
    log(`wrote ${join(SOURCE_DIR, 'RESULTS.md')} and ${jsonPath} in ${info.totalSeconds.toFixed(0)} s`);
    return result.failures.length === 0 ? 0 : 1;
  } finally {
    if (!kept) rmSync(work, { recursive: true, force: true });
  }
}

/** With MEDIAVIGIL_ACCURACY_DIR, a corpus built earlier is reused (its manifest lists the files). */
async function loadOrBuild(dir: string): Promise<CorpusFile[]> {
  const manifest = join(dir, '..', 'corpus.json');
  if (process.env['MEDIAVIGIL_ACCURACY_DIR'] && existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as CorpusFile[];
  const corpus = await buildCorpus(dir);
  writeFileSync(manifest, JSON.stringify(corpus));
  return corpus;
}

/** The per-message evidence only serves the comparison with the clean originals; the JSON keeps the verdicts. */
function withoutEvidence(judged: JudgedFile['judged']): Record<string, { found: boolean; detail: string }> {
  return Object.fromEntries(Object.entries(judged).map(([method, j]) => [method, { found: j.found, detail: j.detail }]));
}

function log(line: string): void {
  process.stderr.write(`accuracy: ${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`accuracy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
