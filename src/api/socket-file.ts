// The unix socket file: its folder (checked: ours or root's, and nobody else may write in it, so no
// one can swap the socket for a symlink or put their own in its place), a stale file left by a
// crashed daemon (replaced), a live one (refused: another daemon owns it), and its mode: born under
// umask 077, then opened to the group with chmod, which is safe because only we write in the folder.
import { constants, type Stats } from 'node:fs';
import { connect } from 'node:net';
import { chmod, lstat, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { MvError, errnoCode, messageOf } from '../errors.js';

/** sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
/** How long a connect to an existing socket may take before it counts as live. */
const PROBE_TIMEOUT_MS = 1000;

/** Makes `path` ready to bind: folder created (0750) if missing, a stale socket removed. */
export async function prepareSocketPath(path: string): Promise<void> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new MvError(
      'MV_ERR_SOCKET_PATH',
      `socket path ${path} is longer than ${MAX_SOCKET_PATH_BYTES} bytes (a unix socket limit); choose a shorter grpc.socket / --socket`,
    );
  }
  try {
    // The process umask is 077 (private-files.ts), so the folders made here get 0750 explicitly,
    // through a descriptor opened without following links (a path chmod would follow a swapped-in link).
    const first = await mkdir(dirname(path), { recursive: true, mode: 0o750 });
    if (first !== undefined) for (let dir = dirname(path); dir.length >= first.length; dir = dirname(dir)) await chmodFolder(dir, 0o750);
  } catch (error) {
    throw new MvError(
      'MV_ERR_SOCKET_PATH',
      `cannot create the socket folder ${dirname(path)} (${errnoCode(error) ?? messageOf(error)}); create it or choose another --socket`,
    );
  }
  await checkSocketFolder(dirname(path));
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw new MvError('MV_ERR_SOCKET_PATH', `cannot check ${path} (${errnoCode(error) ?? messageOf(error)})`);
  }
  if (!isSocket) throw new MvError('MV_ERR_SOCKET_PATH', `${path} exists and is not a socket; remove it or choose another --socket`);
  const probe = await probeSocket(path);
  if (probe === 'live') {
    throw new MvError('MV_ERR_SOCKET_IN_USE', `another process (a running mediavigil serve?) listens on ${path}; stop it or choose another --socket`);
  }
  if (probe !== 'stale') throw new MvError('MV_ERR_SOCKET_PATH', `cannot check the existing socket ${path} (${probe}); remove it or choose another --socket`);
  await unlink(path);
}

/**
 * Runs `bind` (which creates the socket at `path`) under a umask of at least 077, so the socket is
 * born 0700 whatever the caller's umask, then makes it 0660: members of the daemon's group may use
 * the CLI. The folder was checked (checkSocketFolder), so nobody else can have replaced the socket.
 */
export async function bindSocket<T>(path: string, bind: () => Promise<T>): Promise<T> {
  // Only the main thread may set the umask. `serve` sets 077 for the whole process before its API
  // thread starts (private-files.ts); were it wider, the checked folder still guards the socket.
  const previous = process.umask();
  const narrowed = isMainThread && (previous & 0o077) !== 0o077;
  if (narrowed) process.umask(previous | 0o077);
  let result: T;
  try {
    result = await bind();
  } finally {
    if (narrowed) process.umask(previous);
  }
  const found = await lstat(path);
  if (!found.isSocket() || found.uid !== process.getuid?.())
    throw new MvError('MV_ERR_SOCKET_UNSAFE', `${path} changed under us while the socket was made; check who else writes in ${dirname(path)}`);
  await chmod(path, 0o660);
  return result;
}

/**
 * Refuses a socket folder that is a symlink, is not a folder, belongs to another user (root aside),
 * or that group or others may write in: a pre-created /tmp/mediavigil-UID with mode 0777 would let
 * anyone replace the socket and answer our CLI in the daemon's name.
 */
export async function checkSocketFolder(folder: string): Promise<void> {
  let found: Stats;
  try {
    found = await lstat(folder);
  } catch (error) {
    throw new MvError('MV_ERR_SOCKET_PATH', `cannot check the socket folder ${folder} (${errnoCode(error) ?? messageOf(error)})`);
  }
  const uid = process.getuid?.() ?? 0;
  const mode = found.mode & 0o7777;
  const fix = `remove it (rm -r ${folder}) and let mediavigil create it, or choose another --socket`;
  if (found.isSymbolicLink() || !found.isDirectory())
    throw new MvError('MV_ERR_SOCKET_UNSAFE', `the socket folder ${folder} is a symlink or not a folder; ${fix}`);
  if (found.uid !== uid && found.uid !== 0)
    throw new MvError('MV_ERR_SOCKET_UNSAFE', `the socket folder ${folder} belongs to uid ${found.uid}, not to this user (uid ${uid}); ${fix}`);
  if ((mode & 0o022) !== 0) {
    throw new MvError(
      'MV_ERR_SOCKET_UNSAFE',
      `the socket folder ${folder} has mode ${mode.toString(8).padStart(4, '0')}: other users may replace the socket in it; chmod 750 ${folder}, or ${fix}`,
    );
  }
}

async function chmodFolder(folder: string, mode: number): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

/** Removes our socket file at shutdown; a missing file is fine. */
export async function removeSocketFile(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSocket()) await unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}

/** `live` when something accepts connections, `stale` when nobody listens, else the error code. */
function probeSocket(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const finish = (state: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    // No answer in time: something holds it; refuse rather than steal it.
    const timer = setTimeout(() => finish('live'), PROBE_TIMEOUT_MS);
    socket.once('connect', () => finish('live'));
    socket.once('error', (error) => {
      const code = errnoCode(error) ?? messageOf(error);
      finish(code === 'ECONNREFUSED' || code === 'ENOENT' ? 'stale' : code);
    });
  });
}
