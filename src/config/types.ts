// The one typed, validated configuration object every part reads.
import type { HashAlgorithm, VerifyDepth } from '../types.js';

/** A media folder to keep watch over. */
export interface RootConfig {
  /** Absolute path of the folder. */
  path: string;
  /** false for network mounts (NFS/SMB): sweeps only. */
  watch: boolean;
  /** Glob patterns relative to the root, added to the global `exclude`. */
  exclude: string[];
  /** Follow symbolic links while walking (loop-safe). */
  followSymlinks: boolean;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The whole configuration, after defaults, file and flags have been merged and validated. */
export interface Config {
  /** state_dir: where the catalog (LMDB) lives. Never under a media root. */
  stateDir: string;
  roots: RootConfig[];
  /** exclude: glob patterns applied in every root (defaults: the NAS system folders). */
  exclude: string[];
  hash: {
    /** hash.algorithm */
    algorithm: HashAlgorithm;
  };
  verify: {
    /** verify.depth */
    depth: VerifyDepth;
    /** verify.probe_timeout_seconds */
    probeTimeoutSeconds: number;
    /** verify.timeout_min_seconds */
    timeoutMinSeconds: number;
    /** verify.timeout_per_media_second: seconds of wall time allowed per second of media */
    timeoutPerMediaSecond: number;
    /** verify.max_image_pixels */
    maxImagePixels: number;
    /** verify.max_output_bytes: cap on captured ffmpeg/ffprobe output */
    maxOutputBytes: number;
  };
  pool: {
    /** pool.workers: worker threads; 0 means one per CPU core. */
    workers: number;
  };
  queue: {
    /** queue.max_entries: bound on queued files held in memory. */
    maxEntries: number;
  };
  ffmpeg: {
    /** ffmpeg.ffmpeg_path: explicit ffmpeg binary (first in the lookup order). */
    ffmpegPath?: string;
    /** ffmpeg.ffprobe_path */
    ffprobePath?: string;
  };
  log: {
    /** log.level */
    level: LogLevel;
  };
}

/** The NAS system folders every install wants skipped (Synology, QNAP, macOS droppings). */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/@eaDir/**', '**/#recycle/**', '**/#snapshot/**', '**/._*'];
