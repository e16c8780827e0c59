// Errors that reach a user carry a stable code and a message that says what to do. Every code is
// in ERROR_CODES below (a contract: scripts and people match on them), so a code that is not
// registered does not compile; src/api/errors.ts maps them to gRPC status codes.

/** Every error code mediavigil raises, with what it means. */
export const ERROR_CODES = {
  // Configuration and start-up
  MV_ERR_CONFIG: 'The config file or a flag is invalid; the message lists every problem with its path.',
  MV_ERR_START: 'A part of the daemon failed to start for a reason that has no code of its own.',
  MV_ERR_STATE_DIR: 'The state dir (or its catalog folder) cannot be created or written.',
  MV_ERR_STATE_LOCK: 'The lock file in the state dir cannot be created.',
  MV_ERR_STATE_LOCKED: 'Another mediavigil holds the lock of the state dir.',
  MV_ERR_CATALOG_INVALID: 'The catalog files are damaged or are not a mediavigil catalog.',
  MV_ERR_CATALOG_NEWER: 'The catalog was written by a newer mediavigil (a schema this one does not know).',
  MV_ERR_CATALOG_WRITE: 'A catalog write failed (disk full, I/O error, map full); the daemon stops.',
  MV_ERR_FFMPEG_MISSING: 'No ffmpeg and ffprobe were found (config, environment or PATH).',
  MV_ERR_FFMPEG: 'The configured ffmpeg or ffprobe is not a working executable.',
  MV_ERR_FFMPEG_OUTDATED: 'ffmpeg or ffprobe is older than FFmpeg 5.1 (or of unknown age); install a newer one.',
  MV_ERR_TOOL_MISSING: 'An external tool (a notification command, a media tool) does not exist.',
  MV_ERR_TOOL: 'An external tool could not be run.',
  MV_ERR_WEBHOOK_SECRET: "A webhook's secret_file cannot be read, is empty, or other users may read it.",
  // Watching roots
  MV_ERR_ROOT_MISSING: 'A configured root does not exist (or is not a folder).',
  MV_ERR_WATCH_LIMIT: 'The inotify watch limit is reached; raise fs.inotify.max_user_watches.',
  MV_ERR_WATCH_FAILED: 'Watching a root failed for another reason; sweeps still find changes.',
  MV_ERR_WATCH_SLOW: 'A watcher is still setting up its watches long after the start.',
  // The gRPC server
  MV_ERR_SOCKET_PATH: 'The unix socket path is too long, not a socket, or cannot be created.',
  MV_ERR_SOCKET_IN_USE: 'Another process listens on the unix socket.',
  MV_ERR_SOCKET_UNSAFE: 'The socket folder (or the socket) is not owned by the right user, or other users may write to it.',
  MV_ERR_GRPC_LISTEN: 'The TCP address in grpc.listen cannot be listened on.',
  MV_ERR_GRPC_TLS: 'The TLS certificate or key in grpc.tls cannot be read or used.',
  MV_ERR_GRPC_TOKENS: 'grpc.tokens is missing, or a token file cannot be read or is empty.',
  // Answers of the API (see src/api/errors.ts for their gRPC status)
  MV_ERR_INVALID_ARGUMENT: 'A request field is malformed; the message names the field.',
  MV_ERR_NOT_FOUND: 'The catalog has no such file, or there is no such sweep or ignore rule.',
  MV_ERR_OUTSIDE_ROOTS: 'A requested path is outside the configured roots (or leads out of them by a symlink).',
  MV_ERR_SWEEP_RUNNING: 'A sweep is running already; wait for it or cancel it.',
  MV_ERR_READ_ONLY_RULE: 'The ignore rule comes from the config file; the API cannot delete it.',
  MV_ERR_NOT_BITROT: 'Accept was asked for a file that the bitrot rule did not flag.',
  MV_ERR_DRAINING: 'The daemon is shutting down and takes no new work.',
  MV_ERR_OUT_OF_RANGE: 'WatchEvents was asked to resume from events no longer kept, or not yet written.',
  MV_ERR_THUMBNAILS_OFF: 'Thumbnails are off (thumbnails.enabled).',
  MV_ERR_NO_THUMBNAIL: 'The file has no thumbnail: not an image or video, or it does not decode.',
  MV_ERR_BUSY: 'Too many requests of this kind are waiting; try again in a moment.',
  MV_ERR_CONTROL_THREAD: 'The thread serving the control API failed, or the main thread did not answer it in time; the daemon stops so systemd restarts it.',
  MV_ERR_NOT_IMPLEMENTED: 'This daemon does not offer the method.',
  MV_ERR_RESTORE_CHANGED: 'The file changed since it was last checked; recheck it before restoring.',
  MV_ERR_RESTORE_TOKEN: 'FinishRestore named a restore the daemon does not know (expired or from before a restart); run restore again.',
  // Restoring files (`mediavigil restore`)
  MV_ERR_RESTORE_NO_COPY: 'No source (backup, snapshot, parity) holds a proven copy of the file.',
  MV_ERR_RESTORE_WRITE: 'The restore client cannot write the file or its folder (rights, read-only disk); nothing was changed.',
  MV_ERR_RESTORE_RECHECK: 'The restored file was written but the recheck did not say OK.',
  MV_ERR_PAR2_MISSING: 'roots[].parity_percent is set but par2 was not found (apt-get install par2, or PAR2_PATH).',
  MV_ERR_PARITY_DAMAGED: "A file's parity data is itself damaged (par2 says so); it is not used.",
  MV_ERR_UNAUTHENTICATED: 'A TCP call without a bearer token, or with one that is not in grpc.tokens.',
  MV_ERR_ADMIN_ONLY: 'A token with role read called a method that needs role admin.',
  MV_ERR_TOO_MANY_STREAMS: 'Too many WatchEvents, Export and Health Watch streams are open at once (on the listener, with the token, or on the connection).',
  MV_ERR_STREAM_STALLED: 'A stream was closed because its client read nothing for grpc.stream_stall_seconds while it was full.',
  MV_ERR_SHUTTING_DOWN: 'The daemon is stopping; streams end with this so clients reconnect later.',
  // Integrations (Sonarr, Radarr, Lidarr, Jellyfin, Plex)
  MV_ERR_INTEGRATION_KEY: "An integration's api_key_file, token_file or webhook_token_file cannot be read, is empty, or other users may read it.",
  MV_ERR_INTEGRATION_CALL: 'A call to Sonarr, Radarr, Lidarr, Jellyfin or Plex failed (down, timed out, refused the key, or answered an error).',
  MV_ERR_NO_INTEGRATION: 'No *arr is configured (integrations.sonarr/radarr/lidarr), or none of them owns the file.',
  // The command line
  MV_ERR_PATH: '`scan` was given a path that does not exist, cannot be read or is not a file or folder.',
  MV_ERR_OUTPUT: 'The CLI cannot write the output file it was asked to write.',
  MV_ERR_NO_SWEEP: 'No sweep is running (a sweep command without an id).',
  MV_ERR_CLIENT_TOKEN: 'The token or CA file of the client cannot be read, or the daemon refused the token.',
  MV_ERR_DAEMON_UNREACHABLE: 'The CLI cannot reach the daemon: not running, wrong socket, or no permission.',
  MV_ERR_DAEMON_UNAVAILABLE: 'The daemon is shutting down.',
  MV_ERR_DAEMON_SILENT: 'The daemon did not answer within the timeout, or a stream went quiet.',
  MV_ERR_DAEMON_VERSION: 'The daemon does not know a method or field: another mediavigil version.',
} as const;

/** A code registered in ERROR_CODES. */
export type RegisteredErrorCode = keyof typeof ERROR_CODES;

/** `MV_ERR_API_<STATUS>`: the CLI's code for a gRPC status the daemon answered with (e.g. MV_ERR_API_NOT_FOUND). */
export type ApiStatusErrorCode = `MV_ERR_API_${string}`;

/** Every code an MvError may carry. */
export type ErrorCode = RegisteredErrorCode | ApiStatusErrorCode;

/** An error meant for the user: `code` is stable (e.g. `MV_ERR_ROOT_MISSING`), `message` says what to do. */
export class MvError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MvError';
    this.code = code;
  }
}

/** Node's errno code of an error (`ENOENT`, `EACCES`, ...), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when an fs error says nothing is at the path: ENOENT, or ENOTDIR (a parent is not a folder). */
export function isNoSuchPath(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
