// The layout of src/ as data: which folder owns what, which parts it may use, and where each
// third-party library is wrapped. test/unit/architecture.test.ts holds the code to these rules, and
// README's development map is printed from them (`partsMapMarkdown`), so there is one table to edit.

/** The files directly in src/ (errors, types, log, fs-path, ...): any part may use them. */
export const KERNEL = 'kernel';

/** One folder under src/: what it owns and which other parts it may import. */
export interface PartRule {
  /** The folder under src/, e.g. `catalog`. Sub-folders belong to it. */
  part: string;
  /** What the part owns, one line for README. */
  owns: string;
  /** The other parts it may import (the kernel is always allowed and not listed). */
  mayUse: readonly string[];
  /** Parts whose types only it may import (`import type`): the shapes it talks in, not their code. */
  typesFrom?: readonly string[];
  /** Why `mayUse` differs from the obvious, when it does. */
  why?: string;
  /** A sub-folder held to fewer parts than its parent; its parent's files count as its own part. */
  narrower?: { folder: string; mayUse: readonly string[]; why: string };
}

/** Every part but the two composition roots (daemon, cli). */
const ALL_BUT_ROOTS = [
  'config',
  'catalog',
  'discover',
  'pipeline',
  'analyzers',
  'process',
  'verdict',
  'schedule',
  'remedy',
  'api',
  'metrics',
  'notify',
  'thumbnails',
  'systemd',
] as const;

/** The parts, leaves first. */
export const PARTS: readonly PartRule[] = [
  {
    part: 'process',
    owns: 'the external-process runner: every child process with a timeout, an abort path, a cap on captured output, a process-group kill',
    mayUse: [],
  },
  { part: 'verdict', owns: 'issues -> verdict, issue codes, ignore rules, the bitrot rule', mayUse: [] },
  {
    part: 'config',
    owns: 'reading and validating the config file and flags into one typed object (one schema: validator, type, JSON Schema)',
    mayUse: [],
    typesFrom: ['verdict'],
    why: "ignore rules are declared in the config file in the verdict's own rule type",
  },
  {
    part: 'catalog',
    owns: 'LMDB as stores behind one facade: records, packed stats, pending work, event log, typed meta, outbox, indexes, counts, migrations; lmdb-js and its failure modes stay inside',
    mayUse: ['config'],
  },
  {
    part: 'analyzers',
    owns: 'worker-side code: hash, sniff, probe, verify, container checks, images, thumbnail rendering, locating the tools; returns our own types',
    mayUse: ['process'],
  },
  {
    part: 'discover',
    owns: 'walking roots, watching them (chokidar), stat-diff, stability, bursts, missing and renamed files, root availability',
    mayUse: ['catalog', 'config'],
  },
  {
    part: 'pipeline',
    owns: 'the durable queue, the piscina pool, turning results into commits',
    mayUse: ['catalog', 'analyzers', 'verdict', 'discover'],
    why: 'discover: the same stat-diff the sweep uses confirms a file is unchanged before its record is committed',
  },
  {
    part: 'schedule',
    owns: 'croner jobs and everything "sweep": manager, request merging, catch-up after downtime, the sweep walk; the scrub',
    mayUse: ['pipeline', 'discover', 'catalog', 'config'],
  },
  {
    part: 'notify',
    owns: 'webhooks and notification targets, batching, digest, the durable outbox cursor',
    mayUse: ['catalog', 'config'],
    typesFrom: ['discover'],
    why: "a watcher that fails or recovers is reported in discover's own WatchState",
  },
  {
    part: 'remedy',
    owns: 'restore sources, proof of copies, parity data (par2), the *arr and media-server integrations',
    mayUse: ['catalog', 'analyzers', 'verdict', 'process', 'notify', 'config'],
    why: 'analyzers and verdict: a copy is proven by the same hash and full-depth check (and verdict) the pipeline uses',
  },
  {
    part: 'thumbnails',
    owns: 'thumbnails on request: rendering through the analyzers, the cache of rendered images',
    mayUse: ['analyzers', 'process', 'catalog', 'config'],
  },
  { part: 'systemd', owns: 'sd_notify (READY, WATCHDOG, STOPPING) and the notify channel', mayUse: ['process', 'config'] },
  {
    part: 'api',
    owns: 'gRPC server: generated types, handlers, auth, error->status mapping, paging, streams; the backend interface it serves',
    mayUse: ['verdict'],
    typesFrom: ['schedule', 'thumbnails', 'remedy'],
    why: 'the backend interface it defines speaks in the types of the parts that own them (ignore rules, sweeps, thumbnails, restore copies and replacements)',
  },
  {
    part: 'metrics',
    owns: 'prom-client registry, the collectors, HTTP endpoint',
    mayUse: ['catalog', 'config', 'discover', 'pipeline', 'schedule', 'verdict'],
    why: 'metrics observe: they read the state of the parts they measure at scrape time; nothing but the composition roots uses metrics',
  },
  {
    part: 'daemon',
    owns: 'the composition root of `serve` (start parts in order, stop them in reverse) and the API backend',
    mayUse: ALL_BUT_ROOTS,
    why: 'the daemon is started by `mediavigil serve`, never the other way round',
  },
  {
    part: 'cli',
    owns: 'the `mediavigil` command: `serve`, `scan` (a one-shot composition of the pipeline), the client subcommands, completions',
    mayUse: [...ALL_BUT_ROOTS, 'daemon'],
    why: '`serve` starts the daemon; `scan` composes catalog, discover, pipeline and verdict without one',
    narrower: {
      folder: 'cli/client',
      mayUse: ['api', 'config', 'verdict', 'analyzers'],
      why: "client subcommands talk to the daemon over gRPC only; `restore` re-hashes what it wrote with the analyzers' hasher",
    },
  },
];

/** Where a library may be imported (part names, or single files such as `src/log.ts`) and why. */
export interface LibraryRule {
  /** The npm package (`@grpc/grpc-js`) or `node:` builtin. */
  pkg: string;
  allowedIn: readonly string[];
  why: string;
}

/**
 * Every runtime dependency in package.json has a row (the test checks it), so a new library gets a
 * home when it is added. Node builtins are free except the rows here.
 */
export const LIBRARIES: readonly LibraryRule[] = [
  { pkg: 'chokidar', allowedIn: ['discover'], why: 'the watcher' },
  { pkg: 'picomatch', allowedIn: ['discover'], why: 'exclude globs of roots' },
  { pkg: 'lmdb', allowedIn: ['catalog'], why: 'the catalog is the only code that knows LMDB' },
  { pkg: 'msgpackr', allowedIn: ['catalog'], why: 'record encoding, a dependency of lmdb' },
  { pkg: 'sharp', allowedIn: ['analyzers'], why: 'image decoding and thumbnails, worker side' },
  { pkg: '@node-rs/xxhash', allowedIn: ['analyzers'], why: 'content hashing, worker side' },
  { pkg: 'croner', allowedIn: ['schedule'], why: 'cron expressions and jobs' },
  { pkg: 'piscina', allowedIn: ['pipeline'], why: 'the analyzer pool' },
  { pkg: 'prom-client', allowedIn: ['metrics'], why: 'the Prometheus registry' },
  { pkg: 'nodemailer', allowedIn: ['notify'], why: 'e-mail notifications over SMTP' },
  { pkg: 'yaml', allowedIn: ['config'], why: 'the config file' },
  { pkg: 'zod', allowedIn: ['config'], why: 'the one config schema: validator, type and JSON Schema' },
  { pkg: 're2js', allowedIn: ['src/message-pattern.ts'], why: 'linear-time regular expressions of ignore rules' },
  { pkg: 'pino', allowedIn: ['src/log.ts'], why: 'parts log through our Logger type' },
  { pkg: 'pino-pretty', allowedIn: ['src/log.ts'], why: 'readable log lines on a terminal' },
  { pkg: '@grpc/grpc-js', allowedIn: ['api', 'cli'], why: "the gRPC server and the CLI's client" },
  { pkg: '@grpc/proto-loader', allowedIn: ['api', 'cli'], why: 'loading proto/ at run time' },
  { pkg: '@grpc/reflection', allowedIn: ['api'], why: 'server reflection' },
  { pkg: 'grpc-health-check', allowedIn: ['api', 'cli'], why: 'grpc.health.v1' },
  { pkg: 'node:child_process', allowedIn: ['process'], why: 'every child process goes through the bounded runner' },
  {
    pkg: 'node:worker_threads',
    allowedIn: ['pipeline', 'daemon', 'api'],
    why: 'threads belong to the analyzer pool and to the API thread (daemon/api-thread.ts); analyzers stay pure functions; api/ only asks whether it runs on the main thread (the umask)',
  },
];

/** Parts that worker threads must never load (the main thread is the only catalog writer). */
export const MAIN_THREAD_ONLY: readonly string[] = ['catalog'];

/**
 * The one door a worker thread may take into a main-thread-only part: the catalog's read view,
 * which the API thread (daemon/api-thread.worker.ts) reads records and events through.
 */
export const READ_ONLY_DOORS: readonly string[] = ['src/catalog/catalog-read-view.ts'];

/** README's development map: folder -> what it owns -> what it may use. */
export function partsMapMarkdown(): string {
  const rows = [
    '| folder | owns | may use (besides the `src/*.ts` kernel) |',
    '| --- | --- | --- |',
    '| `src/*.ts` | the shared kernel: domain types, errors, log, paths, versions | the kernel only |',
  ];
  for (const rule of PARTS) {
    const names = [...rule.mayUse, ...(rule.typesFrom ?? []).map((part) => `${part} (types)`)];
    const left = PARTS.filter((other) => other.part !== rule.part && !rule.mayUse.includes(other.part)).map((other) => other.part);
    const uses = names.length === 0 ? 'nothing of ours' : left.length === 0 ? 'everything' : left.length === 1 ? `everything but ${left[0]}` : names.join(', ');
    rows.push(`| \`${rule.part}/\` | ${rule.owns} | ${uses}${rule.why ? ` (${rule.why})` : ''} |`);
    if (rule.narrower) rows.push(`| \`${rule.narrower.folder}/\` | (within ${rule.part}/) | ${rule.narrower.mayUse.join(', ')} (${rule.narrower.why}) |`);
  }
  rows.push('', 'Libraries are wrapped in one place each:', '');
  for (const library of LIBRARIES)
    rows.push(`- \`${library.pkg}\`: ${library.allowedIn.map((where) => (where.includes('.') ? `\`${where}\`` : `${where}/`)).join(', ')} (${library.why})`);
  return rows.join('\n');
}
