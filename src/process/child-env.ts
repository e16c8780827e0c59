// The environment every child process gets: a few named variables, not a copy of ours. Ours may
// hold NOTIFY_SOCKET and WATCHDOG_* (under NotifyAccess=all a decoder that knows the socket could
// tell systemd the daemon is ready, alive or has another main PID), tokens or secrets a user
// exported before `mediavigil scan`, and proxy or locale settings that change what tools print.
// Kept: PATH (systemd-notify is found on it; the media tools have absolute paths) and
// MALLOC_ARENA_MAX (the unit sets it to keep glibc arenas few in ffmpeg too). Set: LC_ALL=C and
// LANG=C, so ffmpeg's messages, which we parse, are the untranslated ones. Left out: HOME and TZ
// (ffmpeg reads no dotfiles and prints no local times in what we run), everything else.

/** Variables copied from our environment when set. */
export const INHERITED_VARIABLES = ['PATH', 'MALLOC_ARENA_MAX'] as const;

/** PATH for a child when ours has none (systemd gives services this one). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment of one child: the inherited variables, the C locale, then `extra` (which wins). */
export function childEnvironment(extra: Readonly<Record<string, string>> = {}, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { PATH: DEFAULT_PATH };
  for (const name of INHERITED_VARIABLES) {
    const value = parent[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  return { ...env, LANG: 'C', LC_ALL: 'C', ...extra };
}
