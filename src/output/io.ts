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
  /** How wide a table may be: the terminal's width, else `COLUMNS`, else undefined (the table's own default). */
  readonly columns?: number;
  /** Resolves once everything written to stdout has been flushed (so output is complete before exit). */
  drain(): Promise<void>;
  /**
   * True once stdout's reader has gone (EPIPE: `gdeks ... | head -1`): nothing more can be written, so a
   * streaming command stops fetching and returns the verdict on what it wrote.
   */
  stdoutClosed?(): boolean;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; writableNeedDrain?: boolean };

/**
 * The width tables fit: the terminal's own when stdout is one, else `COLUMNS` (as `ls` and `git` honour it,
 * for a pager or a CI log of known width), else undefined.
 */
export function outputColumns(stdout: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number | undefined {
  if (stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0) return stdout.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

export function processIo(noColor: boolean, stdout: Stream = process.stdout, stderr: Stream = process.stderr): Io {
  let closed = false;
  const onClosed: Array<() => void> = [];
  // Only noted here: bin/gdeks.js decides what the process does about it.
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') return;
    closed = true;
    for (const wake of onClosed.splice(0)) wake(); // a drain() waiting on the gone reader would wait forever
  });
  return {
    columns: outputColumns(stdout, process.env),
    out: (text) => void (closed || stdout.write(text)),
    err: (text) => void stderr.write(text),
    color: makeChalk(stdout, noColor),
    errColor: makeChalk(stderr, noColor),
    stdoutIsTTY: stdout.isTTY === true,
    stderrIsTTY: stderr.isTTY === true,
    drain: () =>
      new Promise((resolve) => {
        if (closed || !stdout.writableNeedDrain) resolve();
        else {
          stdout.once('drain', () => resolve());
          onClosed.push(resolve);
        }
      }),
    stdoutClosed: () => closed,
  };
}
