import type { OutputFormat } from '../domain/globals.js';
import type { Io } from './io.js';

/** How long a run goes before its progress line appears: a quick run shows none. */
const DELAY_MS = 1000;
const EVERY_MS = 250;

export interface ProgressLine {
  /** Asks for a redraw; the line is redrawn at most every 250 ms, from `text()`. */
  update(): void;
  /** Clears the line for now, before stdout writes to the same terminal; it is drawn again at the next redraw. */
  hide?(): void;
  /** Clears the line (if one was drawn) and stops. */
  stop(): void;
}

/**
 * Whether a run shows progress: only when stderr is a terminal, and a person reads stdout too: always for the
 * table, for csv and markdown only when stdout is a terminal as well (in a pipe or a file a program reads them),
 * never for json or ndjson.
 */
export function showsProgress(io: Pick<Io, 'stderrIsTTY' | 'stdoutIsTTY'>, format: OutputFormat): boolean {
  if (!io.stderrIsTTY) return false;
  return format === 'table' || ((format === 'csv' || format === 'markdown') && io.stdoutIsTTY);
}

/**
 * One self-rewriting line on stderr for a long read, e.g. "members 12,350, coverage 31,200 clusters…". Only on a
 * terminal: nothing when stderr is a pipe or a file, or when a machine reads the output (see showsProgress).
 */
export function progressLine(io: Io, format: OutputFormat, text: () => string): ProgressLine {
  if (!showsProgress(io, format)) return { update: () => undefined, hide: () => undefined, stop: () => undefined };
  let drawn = false;
  let dirty = true;
  const draw = () => {
    if (!dirty) return;
    dirty = false;
    drawn = true;
    io.err(`\r\x1b[2K${io.errColor.dim(text())}`);
  };
  let timer: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    draw();
    timer = setInterval(draw, EVERY_MS);
    timer.unref();
  }, DELAY_MS);
  start.unref();
  return {
    update: () => void (dirty = true),
    hide: () => {
      if (!drawn) return;
      io.err('\r\x1b[2K');
      drawn = false;
      dirty = true;
    },
    stop: () => {
      clearTimeout(start);
      if (timer) clearInterval(timer);
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}

/** 12350 → "12,350". */
export const count = (n: number) => n.toLocaleString('en-US');
