// Whose socket the CLI is about to talk to. Anyone can create /tmp/mediavigil-UID before the
// daemon does and listen there; a CLI that connects without looking would show that process's
// answers as the daemon's. So the socket (and its folder, so it cannot be swapped in between) must
// belong to this user, to root, or to the `mediavigil` system user of the packaged service, or to
// the user named with --socket-owner.
import { lstatSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MvError, errnoCode } from '../../errors.js';

/** The system user of the packaged service (systemd/mediavigil.sysusers.conf). */
const SERVICE_USER = 'mediavigil';

/** Throws MV_ERR_SOCKET_UNSAFE unless the socket and its folder belong to a trusted user; a missing socket is left to the caller. */
export function checkSocketOwner(socketPath: string, askedOwner: string | undefined, uid: number = process.getuid?.() ?? 0): void {
  const trusted = new Set<number>([uid, 0]);
  const service = uidOf(SERVICE_USER);
  if (service !== undefined) trusted.add(service);
  if (askedOwner !== undefined) {
    const asked = /^\d+$/.test(askedOwner) ? Number(askedOwner) : uidOf(askedOwner);
    if (asked === undefined) throw new MvError('MV_ERR_SOCKET_UNSAFE', `--socket-owner ${askedOwner}: no such user; give a user name or a uid`);
    trusted.add(asked);
  }
  for (const path of [dirname(socketPath), socketPath]) {
    let owner: number;
    try {
      owner = lstatSync(path).uid;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw error;
    }
    if (!trusted.has(owner)) {
      throw new MvError(
        'MV_ERR_SOCKET_UNSAFE',
        `${path} belongs to uid ${owner}, not to you, root or the ${SERVICE_USER} user: another user's process may be posing as mediavigil; if that user runs your daemon, pass --socket-owner ${owner} (env MEDIAVIGIL_SOCKET_OWNER)`,
      );
    }
  }
}

/** The uid of a user name from /etc/passwd; undefined when there is none. */
function uidOf(name: string): number | undefined {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid] = line.split(':');
    if (user === name && uid !== undefined && /^\d+$/.test(uid)) return Number(uid);
  }
  return undefined;
}
