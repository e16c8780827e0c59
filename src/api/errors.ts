// The one table from domain errors (MvError.code, registered in src/errors.ts ERROR_CODES) to gRPC
// status codes, and the error helpers of the handlers. Anything not in the table is a bug: logged
// with its stack, INTERNAL to the client.
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { MvError, type RegisteredErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import { BACKEND_ERRORS } from './backend.js';
import { wirePath } from './to-wire.js';

type StatusName = keyof typeof GrpcStatus;

/** MvError code -> gRPC status: the backend's codes plus those the API layer raises itself. */
export const ERROR_STATUS: { readonly [Code in RegisteredErrorCode]?: StatusName } = {
  ...BACKEND_ERRORS,
  /** No or unknown bearer token on TCP. */
  MV_ERR_UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A read token on an admin method. */
  MV_ERR_ADMIN_ONLY: 'PERMISSION_DENIED',
  /** More streams open than the listener, the token or the connection may hold (stream-budget.ts). */
  MV_ERR_TOO_MANY_STREAMS: 'RESOURCE_EXHAUSTED',
  /** A stream whose client stopped reading was cut off (stream-session.ts). */
  MV_ERR_STREAM_STALLED: 'RESOURCE_EXHAUSTED',
  /** The daemon is stopping; streams end with this so clients reconnect later. */
  MV_ERR_SHUTTING_DOWN: 'UNAVAILABLE',
};

/** A malformed request: INVALID_ARGUMENT naming the field. */
export function invalidArgument(field: string, problem: string): MvError {
  return new MvError('MV_ERR_INVALID_ARGUMENT', `${field}: ${problem}`);
}

/** The status a client sees for `error`; unknown errors are logged and hidden behind INTERNAL. */
export function toServiceError(error: unknown, log: Logger, method: string): Partial<ServiceError> {
  if (error instanceof MvError) {
    const name = ERROR_STATUS[error.code as RegisteredErrorCode];
    // Bytes of a name that are not UTF-8 (lone surrogates, fs-path.ts) as \xNN: grpc-js cannot send
    // them (encodeURI throws, which would take the daemon down) and protobuf text must be UTF-8.
    if (name !== undefined) return { code: GrpcStatus[name], details: wirePath(error.message) };
  }
  log.error({ method, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'API call failed unexpectedly');
  return { code: GrpcStatus.INTERNAL, details: `internal error in ${method}; the daemon's log has the details` };
}
