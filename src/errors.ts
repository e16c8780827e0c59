// Errors that reach a user carry a stable code and a message that says what to do.

/** An error meant for the user: `code` is stable (e.g. `MV_ERR_ROOT_MISSING`), `message` says what to do. */
export class MvError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
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
