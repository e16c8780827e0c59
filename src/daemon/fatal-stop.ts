// The fatal path: something that must not fail did (a catalog write, usually a full disk). The error
// is explained once, logged as fatal, and the daemon is asked to stop through the composition root,
// which keeps the error for the exit code. Nothing here signals the process.
import { MvError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';

/** Where the fatal path reports to. */
export interface FatalStopOptions {
  stateDir: string;
  log: Logger;
  /** Asks the daemon to stop (daemon.ts aborts its run). */
  requestStop: (reason: unknown) => void;
}

/** Turns the first fatal error into one log line and one stop request; later ones are only handled. */
export class FatalStop {
  private fatal: unknown;

  constructor(private readonly options: FatalStopOptions) {}

  /** The error that stopped the daemon, if one did. */
  get error(): unknown {
    return this.fatal;
  }

  /** Something saw the catalog fail to write: stop as for a failed commit. */
  fail(error: unknown): void {
    if (this.fatal !== undefined) return;
    this.fatal = error;
    // A failed catalog write arrives as the catalog's CatalogWriteError (an MvError), its cause already explained.
    const code = error instanceof MvError ? error.code : undefined;
    this.options.log.fatal({ error: messageOf(error), ...(code !== undefined && { code }) }, `${messageOf(error)}; stopping so nothing is lost`);
    this.options.requestStop(error);
  }
}
