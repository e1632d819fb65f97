import type { ChalkInstance } from 'chalk';
import { makeChalk } from './color.js';

/** Where a command writes: results to stdout, everything else (progress, warnings, debug) to stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colours for text written to stdout / stderr; level 0 when that stream is not a terminal. */
  readonly color: ChalkInstance;
  readonly errColor: ChalkInstance;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Resolves once everything written to stdout has been flushed (so output is complete before exit). */
  drain(): Promise<void>;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; writableNeedDrain?: boolean };

export function processIo(noColor: boolean, stdout: Stream = process.stdout, stderr: Stream = process.stderr): Io {
  return {
    out: (text) => void stdout.write(text),
    err: (text) => void stderr.write(text),
    color: makeChalk(stdout, noColor),
    errColor: makeChalk(stderr, noColor),
    stdoutIsTTY: stdout.isTTY === true,
    stderrIsTTY: stderr.isTTY === true,
    drain: () =>
      new Promise((resolve) => {
        if (!stdout.writableNeedDrain) resolve();
        else stdout.once('drain', () => resolve());
      }),
  };
}
