import type { GlobalOptions } from '../domain/globals.js';
import type { Io } from '../output/io.js';

/** What every command receives: parsed globals, the output streams, and a signal aborted on Ctrl-C/SIGTERM. */
export interface Ctx {
  globals: GlobalOptions;
  io: Io;
  signal: AbortSignal;
  /**
   * Registers output to complete (synchronously) if a second Ctrl-C ends the process at once, before the
   * command's own cleanup can run: the JSON array's `]`, say.
   */
  onForcedExit(finish: () => void): void;
}
