// Which daemon the client talks to: --socket / --host (flags beat MEDIAVIGIL_* variables), else
// the default socket that `serve` uses too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultSocketPath } from '../../api/socket-path.js';
import { MvError, errnoCode, messageOf } from '../../errors.js';
import { UsageError } from '../args.js';

/** Where and how to connect. */
export interface ClientTarget {
  /** grpc-js address: `unix:/path` or `host:port`. */
  address: string;
  /** For messages: `socket /run/...` or `host:port`. */
  description: string;
  /** Set for unix sockets (checked before connecting: it exists, and belongs to a trusted user). */
  socketPath?: string;
  /** A user (name or uid) also trusted to own the socket: --socket-owner. */
  socketOwner?: string;
  /** Bearer token for TCP. */
  token?: string;
  /** CA certificate (PEM) when the daemon's TCP port uses TLS. */
  tlsCa?: Buffer;
}

/** The connection flags every client command accepts. */
export const CONNECTION_OPTIONS = {
  socket: { type: 'string' },
  'socket-owner': { type: 'string' },
  host: { type: 'string' },
  'token-file': { type: 'string' },
  'tls-ca': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CONNECTION_USAGE = `Connection (default: the socket mediavigil serve uses):
  --socket PATH        the daemon's unix socket (env MEDIAVIGIL_SOCKET)
  --socket-owner USER  trust a socket owned by USER (name or uid); by default only yours, root's or
                       the mediavigil user's are used (env MEDIAVIGIL_SOCKET_OWNER)
  --host HOST:PORT     the daemon's TCP address, when grpc.listen is set (env MEDIAVIGIL_HOST)
  --token-file FILE    bearer token for TCP (env MEDIAVIGIL_TOKEN_FILE)
  --tls-ca FILE        CA certificate when the TCP port uses TLS (env MEDIAVIGIL_TLS_CA)
  --timeout SECONDS    how long to wait for an answer (default 30)`;

type Values = Record<string, string | boolean | string[] | undefined>;

/** The target from flags, then the environment, then the default socket; `warn` gets what the user should know (stderr). */
export function resolveTarget(
  values: Values,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = (message) => process.stderr.write(`mediavigil: warning: ${message}\n`),
): ClientTarget {
  const socketFlag = stringValue(values['socket']);
  const hostFlag = stringValue(values['host']);
  if (socketFlag !== undefined && hostFlag !== undefined) throw new UsageError('give --socket or --host, not both');
  const host = socketFlag === undefined ? (hostFlag ?? nonEmpty(env['MEDIAVIGIL_HOST'])) : undefined;
  if (host === undefined) {
    const socketPath = resolve(socketFlag ?? nonEmpty(env['MEDIAVIGIL_SOCKET']) ?? defaultSocketPath(env));
    const socketOwner = stringValue(values['socket-owner']) ?? nonEmpty(env['MEDIAVIGIL_SOCKET_OWNER']);
    return { address: `unix:${socketPath}`, description: `socket ${socketPath}`, socketPath, ...(socketOwner !== undefined && { socketOwner }) };
  }
  if (!/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(host)) throw new UsageError(`--host ${host}: give HOST:PORT, e.g. nas.local:7443`);
  const tokenFile = stringValue(values['token-file']) ?? nonEmpty(env['MEDIAVIGIL_TOKEN_FILE']);
  const caFile = stringValue(values['tls-ca']) ?? nonEmpty(env['MEDIAVIGIL_TLS_CA']);
  if (tokenFile !== undefined && caFile === undefined && !isLoopbackHost(host)) {
    warn(
      `sending the token to ${host} over plain TCP: anyone on the way can read it and use it; give the daemon grpc.tls and pass --tls-ca, or use an SSH tunnel to 127.0.0.1`,
    );
  }
  return {
    address: host,
    description: host,
    token: tokenFile === undefined ? undefined : readSecret(tokenFile, 'token file'),
    tlsCa: caFile === undefined ? undefined : readFileOrExplain(caFile, 'TLS CA certificate'),
  };
}

/** --timeout in milliseconds (default 30 s). */
export function timeoutMs(values: Values): number {
  const text = stringValue(values['timeout']);
  if (text === undefined) return 30_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout ${text}: give a number of seconds above 0`);
  return Math.round(seconds * 1000);
}

/** localhost, 127.0.0.0/8 and ::1 (of HOST:PORT): a token sent there never leaves the machine. */
function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function stringValue(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readSecret(file: string, what: string): string {
  const token = readFileOrExplain(file, what).toString('utf8').trim();
  if (token === '') throw new MvError('MV_ERR_CLIENT_TOKEN', `${what} ${file} is empty`);
  return token;
}

function readFileOrExplain(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new MvError('MV_ERR_CLIENT_TOKEN', `cannot read the ${what} ${file} (${errnoCode(error) ?? messageOf(error)})`);
  }
}
