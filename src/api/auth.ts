// Who may call what. The unix socket is guarded by its file mode, so calls on it are not checked;
// on TCP every call (health and reflection too) carries `authorization: Bearer <token>`, compared
// in constant time with the tokens from the configured token files, which SIGHUP reads again.
// `read` tokens may call the read methods only. Refusals and admin calls are logged (peer, token name).
import { createHash, timingSafeEqual } from 'node:crypto';
import { basename } from 'node:path';
import type { Metadata } from '@grpc/grpc-js';
import { MvError } from '../errors.js';
import type { Logger } from '../log.js';
import { readSecretText } from '../secret-file.js';
import type { MethodName } from './proto.js';

export type Role = 'read' | 'admin';

/** The role each method needs. */
export const METHOD_ROLES: Readonly<Record<MethodName, Role>> = {
  GetStatus: 'read',
  ListFiles: 'read',
  GetFile: 'read',
  GetThumbnail: 'read',
  GetSweep: 'read',
  ListSweeps: 'read',
  ListDuplicates: 'read',
  ListIgnoreRules: 'read',
  WatchEvents: 'read',
  Export: 'read',
  StartSweep: 'admin',
  CancelSweep: 'admin',
  Recheck: 'admin',
  Accept: 'admin',
  CreateIgnoreRule: 'admin',
  DeleteIgnoreRule: 'admin',
  Pause: 'admin',
  Resume: 'admin',
  FindRestoreCopy: 'admin',
  FinishRestore: 'admin',
  ReadRestoreCopy: 'admin',
  TestNotifications: 'admin',
  Replace: 'admin',
  TestIntegrations: 'admin',
};

/** Who made a call: the token's name (its file's name) on TCP, `unix socket` locally; quotas and logs use it. */
export interface Caller {
  /** For logs and per-token quotas: the token file's name, or `unix socket`. Never the token. */
  name: string;
  role: Role;
}

/** Checks one call (`method` undefined: health or reflection, any valid token will do); throws MvError (UNAUTHENTICATED / PERMISSION_DENIED). */
export type Authorizer = (metadata: Metadata, method: MethodName | undefined, peer: string) => Caller;

/** The caller of every unix-socket call. */
export const SOCKET_CALLER: Caller = { name: 'unix socket', role: 'admin' };

/** The unix socket's authorizer: the socket's file mode already decided; admin calls are logged. */
export function socketAuthorizer(log: Logger): Authorizer {
  return (_metadata, method) => {
    if (method !== undefined && METHOD_ROLES[method] === 'admin') log.info({ peer: SOCKET_CALLER.name, method }, `admin call ${method} on the unix socket`);
    return SOCKET_CALLER;
  };
}

interface StoredToken {
  digest: Buffer;
  role: Role;
  name: string;
}

/** A shorter token is refused: 32 characters of base64 or hex from a random source are out of reach of guessing. */
export const MIN_TOKEN_LENGTH = 32;

/** Refused calls logged per minute (the rest are counted). */
const MAX_REFUSALS_LOGGED = 60;

/** The TCP authorizer over the tokens of grpc.tokens; `reload` reads the files again (SIGHUP), so a leaked token can be revoked. */
export class TokenAuthorizer {
  private tokens: StoredToken[] = [];
  /** Refusals logged in the current minute, and those left out: a client guessing tokens must not flood the journal. */
  private refusals = { minute: 0, logged: 0, skipped: 0 };

  private constructor(private readonly log: Logger) {}

  /** Reads every token file; refuses a missing, empty, short or group/world-accessible one. */
  static async load(files: ReadonlyArray<{ file: string; role: Role }>, log: Logger): Promise<TokenAuthorizer> {
    const authorizer = new TokenAuthorizer(log);
    await authorizer.reload(files);
    return authorizer;
  }

  /** Replaces the tokens with those in `files` now; on any problem throws and keeps the old ones. */
  async reload(files: ReadonlyArray<{ file: string; role: Role }>): Promise<void> {
    if (files.length === 0) {
      throw new MvError(
        'MV_ERR_GRPC_TOKENS',
        'grpc.listen is set but grpc.tokens is empty: TCP clients need a bearer token; add a token file with role read or admin (see README, gRPC API)',
      );
    }
    const tokens: StoredToken[] = [];
    for (const { file, role } of files) tokens.push({ digest: digest(await readToken(file)), role, name: basename(file) });
    this.tokens = tokens;
  }

  /** The Authorizer of the TCP listener. Failures and admin calls are logged with the peer and the token's name. */
  readonly authorize: Authorizer = (metadata, method, peer) => {
    const what = method ?? 'health/reflection';
    const refuse = (error: MvError, token?: string): never => {
      if (this.mayLogRefusal()) this.log.warn({ peer, method: what, token, code: error.code }, `refused ${what} from ${peer}: ${error.message}`);
      throw error;
    };
    const presented = bearerToken(metadata);
    if (presented === undefined)
      return refuse(new MvError('MV_ERR_UNAUTHENTICATED', 'missing "authorization: Bearer <token>" metadata; TCP calls need a token from grpc.tokens'));
    const match = matchOf(digest(presented), this.tokens);
    if (match === undefined) return refuse(new MvError('MV_ERR_UNAUTHENTICATED', 'the bearer token is not one of grpc.tokens'));
    if (method !== undefined && METHOD_ROLES[method] === 'admin') {
      if (match.role !== 'admin')
        return refuse(new MvError('MV_ERR_ADMIN_ONLY', `${method} needs a token with role admin; this token has role read`), match.name);
      this.log.info({ peer, method, token: match.name }, `admin call ${method} from ${peer} (token ${match.name})`);
    }
    return { name: match.name, role: match.role };
  };

  /** At most MAX_REFUSALS_LOGGED refusals a minute are logged; the next minute's first line says how many were left out. */
  private mayLogRefusal(): boolean {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute !== this.refusals.minute) {
      if (this.refusals.skipped > 0)
        this.log.warn({ skipped: this.refusals.skipped }, `${this.refusals.skipped} more refused calls in the last minute were not logged`);
      this.refusals = { minute, logged: 0, skipped: 0 };
    }
    if (this.refusals.logged >= MAX_REFUSALS_LOGGED) {
      this.refusals.skipped += 1;
      return false;
    }
    this.refusals.logged += 1;
    return true;
  }
}

async function readToken(file: string): Promise<string> {
  const token = await readSecretText(file, {
    code: 'MV_ERR_GRPC_TOKENS',
    name: 'token file',
    fix: `create it (e.g. head -c 32 /dev/urandom | base64 > ${file}; chmod 600 ${file}) as the mediavigil user`,
  });
  if (token === '') throw new MvError('MV_ERR_GRPC_TOKENS', `token file ${file} is empty: put a random token in it (e.g. head -c 32 /dev/urandom | base64)`);
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new MvError(
      'MV_ERR_GRPC_TOKENS',
      `the token in ${file} is shorter than ${MIN_TOKEN_LENGTH} characters; put a long random one in it (e.g. head -c 32 /dev/urandom | base64 > ${file})`,
    );
  }
  return token;
}

function bearerToken(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Compares against every token (no early exit) so timing says nothing about which matched; admin wins. */
function matchOf(presented: Buffer, tokens: readonly StoredToken[]): StoredToken | undefined {
  let found: StoredToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(presented, token.digest) && found?.role !== 'admin') found = token;
  }
  return found;
}
