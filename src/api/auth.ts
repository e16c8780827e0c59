// Who may call what. The unix socket is guarded by its file mode, so calls on it are not checked;
// on TCP every call carries `authorization: Bearer <token>`, compared in constant time with the
// tokens from the configured token files. `read` tokens may call the read methods only.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Metadata } from '@grpc/grpc-js';
import { MvError, errnoCode, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
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
};

/** Checks one call; throws MvError (UNAUTHENTICATED / PERMISSION_DENIED) when it may not proceed. */
export type Authorizer = (metadata: Metadata, method: MethodName) => void;

/** The unix socket's authorizer: the socket's file mode already decided. */
export const allowAll: Authorizer = () => {};

interface StoredToken {
  digest: Buffer;
  role: Role;
}

/** A token shorter than this is accepted but logged as weak. */
const WEAK_TOKEN_LENGTH = 20;

/** Reads the token files once (at start) and returns the TCP authorizer. */
export async function loadTokenAuthorizer(files: ReadonlyArray<{ file: string; role: Role }>, log: Logger): Promise<Authorizer> {
  if (files.length === 0) {
    throw new MvError('MV_ERR_GRPC_TOKENS', 'grpc.listen is set but grpc.tokens is empty: TCP clients need a bearer token; add a token file with role read or admin (see README, gRPC API)');
  }
  const tokens: StoredToken[] = [];
  for (const { file, role } of files) tokens.push({ digest: digest(await readToken(file, log)), role });
  return (metadata, method) => {
    const presented = bearerToken(metadata);
    if (presented === undefined) throw new MvError('MV_ERR_UNAUTHENTICATED', 'missing "authorization: Bearer <token>" metadata; TCP calls need a token from grpc.tokens');
    const role = roleOf(digest(presented), tokens);
    if (role === undefined) throw new MvError('MV_ERR_UNAUTHENTICATED', 'the bearer token is not one of grpc.tokens');
    if (METHOD_ROLES[method] === 'admin' && role !== 'admin') {
      throw new MvError('MV_ERR_ADMIN_ONLY', `${method} needs a token with role admin; this token has role read`);
    }
  };
}

async function readToken(file: string, log: Logger): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MvError('MV_ERR_GRPC_TOKENS', `cannot read token file ${file} (${errnoCode(error) ?? messageOf(error)}): create it (e.g. head -c 32 /dev/urandom | base64 > ${file}) and let the mediavigil user read it`);
  }
  const token = text.trim();
  if (token === '') throw new MvError('MV_ERR_GRPC_TOKENS', `token file ${file} is empty: put a random token in it (e.g. head -c 32 /dev/urandom | base64)`);
  if (token.length < WEAK_TOKEN_LENGTH) log.warn({ file }, `token in ${file} is shorter than ${WEAK_TOKEN_LENGTH} characters; use a long random one`);
  const { mode } = await stat(file);
  if ((mode & 0o004) !== 0) log.warn({ file }, `token file ${file} is readable by every user; chmod 0640 it`);
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

/** Compares against every token (no early exit) so timing says nothing about which matched. */
function roleOf(presented: Buffer, tokens: readonly StoredToken[]): Role | undefined {
  let role: Role | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(presented, token.digest) && role !== 'admin') role = token.role;
  }
  return role;
}
