// Thumbnails on request (GetThumbnail). A thumbnail is made the first time someone asks for it,
// not after every verification: most files are never looked at, and a NAS should not spend a
// decode and disk space on each of them. Making one runs off the event loop (the image library's
// threads, an ffmpeg child), one at a time, with a bounded wait list; the result is kept in the
// cache keyed by content, so copies share one and an edited file gets a new one.
import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeThumbnail, sameFile, type ThumbnailJob, type ThumbnailOutcome } from '../analyzers/image/thumbnail.js';
import { MvError, errnoCode } from '../errors.js';
import { toFileStat } from '../file-stat.js';
import { toFsPath } from '../fs-path.js';
import type { Logger } from '../log.js';
import type { AnalysisLimits, FileRecord, FileStat, MediaTools, SymlinkPolicy } from '../types.js';
import { ThumbnailCache } from './thumbnail-cache.js';

/** A thumbnail of an image or video file. */
export interface Thumbnail {
  /** The picture, WebP encoded. */
  data: Buffer;
  mimeType: 'image/webp';
}

/** The thumbnails settings (config `thumbnails`), read at each request so a reload applies. */
export interface ThumbnailSettings {
  enabled: boolean;
  maxBytes: number;
  size: number;
}

/** Where thumbnails are kept, how they are made, and their bounds. */
export interface ThumbnailServiceOptions {
  stateDir: string;
  settings: () => ThumbnailSettings;
  tools: MediaTools;
  limits: AnalysisLimits;
  log: Logger;
  /** Aborted when the daemon stops: a running ffmpeg is killed. */
  signal: AbortSignal;
  /** How symlinks on the way to a file are treated (the daemon's policy for its roots; default refuse). */
  symlinks?: SymlinkPolicy;
  /** The file's stat as it is now, or undefined when it is gone (tests with made-up records replace it). */
  statNow?: (path: string) => Promise<FileStat | undefined>;
  /** Makes one thumbnail (tests count the calls). */
  make?: (job: ThumbnailJob, signal?: AbortSignal) => Promise<ThumbnailOutcome>;
}

/** Thumbnails made at once, and requests that may wait for their turn (beyond: MV_ERR_BUSY). */
export const THUMBNAIL_LIMITS = { concurrent: 1, waiting: 16 };

/** Failures are remembered this long (a file that does not decode is not decoded again per request). */
const FAILURE_MEMORY_MS = 3_600_000;
const MAX_FAILURES = 1000;

/** Makes thumbnails on request, one at a time, and keeps them in the cache. */
export class ThumbnailService {
  readonly cache: ThumbnailCache;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly failures = new Map<string, { reason: string; at: number }>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly options: ThumbnailServiceOptions) {
    this.cache = new ThumbnailCache(join(options.stateDir, 'thumbnails'), () => options.settings().maxBytes);
  }

  /** The thumbnail of the file `record` describes: from the cache, or made now. */
  async get(record: FileRecord): Promise<Thumbnail> {
    const settings = this.options.settings();
    if (!settings.enabled) throw new MvError('MV_ERR_THUMBNAILS_OFF', 'thumbnails are off; set thumbnails.enabled: true in the config and reload it (SIGHUP)');
    if (record.kind !== 'image' && record.kind !== 'video')
      throw noThumbnail(record.path, `only images and videos have thumbnails, and this file is ${record.kind === 'audio' ? 'audio' : 'not media'}`);
    if (record.state === 'missing') throw noThumbnail(record.path, 'the file is missing');
    if (record.hash === undefined) throw noThumbnail(record.path, 'it has not been read completely yet; try again once it is checked');
    const name = `${record.hash.algo}-${record.hash.hex}-${record.stat.size}-${settings.size}`;
    const failed = this.failures.get(name);
    if (failed !== undefined && Date.now() - failed.at < FAILURE_MEMORY_MS) throw noThumbnail(record.path, failed.reason);
    // The cache is keyed by content, but the file may have changed (or been swapped for a link)
    // since that content was checked: only a file still as recorded gets a picture of it.
    await this.checkUnchanged(record);
    const cached = await this.cache.get(name);
    if (cached !== undefined) return { data: cached, mimeType: 'image/webp' };
    let pending = this.inFlight.get(name);
    if (pending === undefined) {
      pending = this.make(name, record, settings.size).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, pending);
    }
    return { data: await pending, mimeType: 'image/webp' };
  }

  private async make(name: string, record: FileRecord, size: number): Promise<Buffer> {
    await this.turn();
    try {
      const started = Date.now();
      const video = record.probe?.streams.find((stream) => stream.type === 'video' && stream.attachedPicture !== true);
      const job: ThumbnailJob = {
        path: record.path,
        kind: record.kind === 'image' ? 'image' : 'video',
        maxEdge: size,
        tools: this.options.tools,
        limits: this.options.limits,
        root: record.root,
        expected: record.stat,
        ...(this.options.symlinks !== undefined && { symlinks: this.options.symlinks }),
        ...(record.probe?.durationSeconds !== undefined && { durationSeconds: record.probe.durationSeconds }),
        ...(video !== undefined && record.kind === 'video' && { videoStream: video.index }),
      };
      const outcome = await (this.options.make ?? makeThumbnail)(job, this.options.signal);
      if (!outcome.ok) {
        this.remember(name, outcome.reason);
        this.options.log.debug({ path: record.path, reason: outcome.reason }, `no thumbnail for ${record.path}: ${outcome.reason}`);
        throw noThumbnail(record.path, outcome.reason);
      }
      // Content that changed since its check is not what the name (its hash) says: serve, do not keep.
      if (outcome.stat.size === record.stat.size && outcome.stat.mtimeMs === record.stat.mtimeMs) await this.cache.put(name, outcome.webp);
      this.options.log.debug({ path: record.path, bytes: outcome.webp.length, ms: Date.now() - started }, `thumbnail made for ${record.path}`);
      return outcome.webp;
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot slip in between.
      const next = this.queue.shift();
      if (next !== undefined) next();
      else this.running -= 1;
    }
  }

  /** Throws MV_ERR_NO_THUMBNAIL unless the file on disk is still the one its record describes. */
  private async checkUnchanged(record: FileRecord): Promise<void> {
    let now: FileStat | undefined;
    try {
      now = await (this.options.statNow ?? ((path) => regularFileStat(path, this.options.symlinks ?? 'refuse')))(record.path);
    } catch (error) {
      throw noThumbnail(record.path, `cannot look at the file: ${errnoCode(error) ?? 'error'}`);
    }
    if (now === undefined) throw noThumbnail(record.path, 'the file is gone (or is no longer a regular file)');
    if (!sameFile(now, record.stat)) throw noThumbnail(record.path, 'the file changed since it was checked; recheck it, then ask again');
  }

  /** Waits for a slot (counted in `running` on return); MV_ERR_BUSY when too many wait already. */
  private async turn(): Promise<void> {
    if (this.running < THUMBNAIL_LIMITS.concurrent) {
      this.running += 1;
      return;
    }
    if (this.queue.length >= THUMBNAIL_LIMITS.waiting)
      throw new MvError('MV_ERR_BUSY', `${THUMBNAIL_LIMITS.waiting} thumbnails are waiting to be made already; try again in a moment`);
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private remember(name: string, reason: string): void {
    this.failures.delete(name);
    this.failures.set(name, { reason, at: Date.now() });
    if (this.failures.size > MAX_FAILURES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}

/** lstat (stat through a link only where the policy lets links be read); undefined unless a regular file. */
async function regularFileStat(path: string, symlinks: SymlinkPolicy): Promise<FileStat | undefined> {
  try {
    let now = await lstat(toFsPath(path));
    if (now.isSymbolicLink() && symlinks !== 'refuse') now = await stat(toFsPath(path));
    return now.isFile() ? toFileStat(now) : undefined;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function noThumbnail(path: string, reason: string): MvError {
  return new MvError('MV_ERR_NO_THUMBNAIL', `no thumbnail for ${path}: ${reason}`);
}
