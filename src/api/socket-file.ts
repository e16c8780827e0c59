// The unix socket file: its folder, a stale file left by a crashed daemon (replaced), a live one
// (refused: another daemon owns it), and its mode.
import { connect } from 'node:net';
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MvError, errnoCode, messageOf } from '../errors.js';

/** sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
/** How long a connect to an existing socket may take before it counts as live. */
const PROBE_TIMEOUT_MS = 1000;

/** Makes `path` ready to bind: folder created (0750) if missing, a stale socket removed. */
export async function prepareSocketPath(path: string): Promise<void> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new MvError('MV_ERR_SOCKET_PATH', `socket path ${path} is longer than ${MAX_SOCKET_PATH_BYTES} bytes (a unix socket limit); choose a shorter grpc.socket / --socket`);
  }
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  } catch (error) {
    throw new MvError('MV_ERR_SOCKET_PATH', `cannot create the socket folder ${dirname(path)} (${errnoCode(error) ?? messageOf(error)}); create it or choose another --socket`);
  }
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

/** The socket is group read/write: members of the daemon's group may use the CLI. */
export async function restrictSocketMode(path: string): Promise<void> {
  await chmod(path, 0o660);
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
