// A table fitted to the terminal by named steps (shorten a text column with an ellipsis, or leave a column out),
// for reports whose tables mix text and figures: `gdeks usage`. Figures are never in a step, so they stay whole.
import type { ChalkInstance } from 'chalk';
import { truncateEnd } from './findings-table.js';
import { visibleWidth, withoutColour } from './fit-width.js';
import { renderTable } from './table.js';

/**
 * A cell a step may shorten: its plain text, the colour put on after any cut (so escape codes are never cut),
 * and an ending kept whole when the text is cut (` (off)`). A string is a finished cell, shortened only as plain text.
 */
export interface TextCell {
  text: string;
  paint?: (text: string) => string;
  keepEnd?: string;
}
export type Cell = string | TextCell;

export interface FitColumn {
  /** The name steps use (the header, unless the header is empty). */
  key: string;
  header: string;
}

/** Shorten a column to at most `floor` characters (never below its header), only as far as needed; or leave it out. */
export type FitStep = { shorten: string; to: number } | { drop: string };

function cellText(cell: Cell, width: number | undefined): string {
  if (typeof cell === 'string') return width === undefined || visibleWidth(cell) <= width ? cell : truncateEnd(withoutColour(cell), width);
  const { text, paint = (s: string) => s, keepEnd = '' } = cell;
  if (width === undefined || Array.from(text).length <= width) return paint(text);
  const cut =
    keepEnd && text.endsWith(keepEnd) && width > keepEnd.length + 3
      ? truncateEnd(text.slice(0, text.length - keepEnd.length), width - keepEnd.length) + keepEnd
      : truncateEnd(text, width);
  return paint(cut);
}

const cellWidth = (cell: Cell) => (typeof cell === 'string' ? visibleWidth(cell) : Array.from(cell.text).length);

/**
 * The table's lines (each with `indent` spaces before it, no trailing newline), at most `width` wide where the
 * steps, taken in order until it fits, can make it so. Without a width, or when it already fits, exactly the
 * table renderTable draws.
 */
export function fitTable(
  columns: readonly FitColumn[],
  rows: ReadonlyArray<readonly Cell[]>,
  color: ChalkInstance,
  options: { width?: number | undefined; indent: number; steps: readonly FitStep[] },
): string[] {
  const pad = ' '.repeat(options.indent);
  let keep = columns.map((_, i) => i);
  const caps = new Map<number, number>();
  const draw = () =>
    renderTable(
      keep.map((i) => columns[i]?.header ?? ''),
      rows.map((row) => keep.map((i) => cellText(row[i] ?? '', caps.get(i)))),
      color,
    )
      .trimEnd()
      .split('\n')
      .map((line) => `${pad}${line}`);
  let lines = draw();
  const widest = () => Math.max(0, ...lines.map(visibleWidth));
  for (const step of options.steps) {
    const width = options.width;
    if (width === undefined || widest() <= width) break;
    if ('drop' in step) keep = keep.filter((i) => columns[i]?.key !== step.drop);
    else {
      const i = columns.findIndex((c) => c.key === step.shorten);
      if (i < 0 || !keep.includes(i)) continue;
      const natural = Math.max(...rows.map((r) => cellWidth(r[i] ?? '')));
      const now = caps.get(i) ?? natural;
      const header = visibleWidth(columns[i]?.header ?? '');
      const cap = Math.max(header, Math.min(now, step.to), now - (widest() - width));
      if (cap >= natural) continue;
      caps.set(i, cap);
    }
    lines = draw();
  }
  return lines;
}
