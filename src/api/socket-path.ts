// Where the control socket lives when nothing says otherwise. `serve` and the CLI both call this,
// so a client finds its daemon without flags.
import { join } from 'node:path';

const SOCKET_NAME = 'mediavigil.sock';

/**
 * RUNTIME_DIRECTORY (systemd's RuntimeDirectory=) -> /run/mediavigil for root ->
 * $XDG_RUNTIME_DIR/mediavigil -> /tmp/mediavigil-<uid>; the socket is mediavigil.sock in it.
 */
export function defaultSocketPath(env: NodeJS.ProcessEnv, uid: number = process.getuid?.() ?? 0): string {
  const runtimeDirectory = env['RUNTIME_DIRECTORY']?.split(':')[0];
  if (runtimeDirectory) return join(runtimeDirectory, SOCKET_NAME);
  if (uid === 0) return join('/run/mediavigil', SOCKET_NAME);
  const xdg = env['XDG_RUNTIME_DIR'];
  if (xdg) return join(xdg, 'mediavigil', SOCKET_NAME);
  return join('/tmp', `mediavigil-${uid}`, SOCKET_NAME);
}
