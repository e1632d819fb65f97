// scripts/build.mjs turns this import into a require() where drawnByCliTable3 uses it, so that cli-table3 loads only
// when a table needs it (most are drawn by plainTable below).
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
} as const;

export interface TableOptions {
  /** Column widths (characters, content truncated with an ellipsis); omitted columns size to content. */
  widths?: Array<number | null>;
}

/** A borderless table in the style of kubectl: bold headers, two spaces between columns, no trailing blanks. */
export function renderTable(headers: string[], rows: string[][], color: ChalkInstance, options: TableOptions = {}): string {
  const head = headers.map((h) => color.bold(h));
  if (!options.widths) {
    const plain = plainTable([head, ...rows]);
    if (plain !== undefined) return plain;
  }
  return drawnByCliTable3(head, rows, options);
}

/** The table as cli-table3 draws it (headers already styled). */
export function drawnByCliTable3(head: string[], rows: string[][], options: TableOptions = {}): string {
  const table = new Table({
    head,
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    ...(options.widths ? { colWidths: options.widths, wordWrap: false } : {}),
  });
  table.push(...rows);
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** Printable ASCII, coloured or not (SGR codes, as chalk writes them): a terminal shows one column per character. */
const PLAIN = /^(?:[\x20-\x7e]|\u001b\[[0-9;]*m)*$/;
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * What cli-table3 draws above, for the usual table (cells of plain or coloured ASCII, one line each, every row as
 * long as the header): each column as wide as its widest cell. cli-table3's first table in a process costs
 * about 20 M instructions, a third of the start-up `gdeks validate` adds to `node -e 0`; this costs well under
 * one. undefined for anything else (wide or combining characters, emoji, line breaks), which cli-table3 draws.
 */
function plainTable(lines: readonly string[][]): string | undefined {
  const columns = lines[0]?.length ?? 0;
  if (!lines.every((cells) => cells.length === columns && cells.every((cell) => typeof cell === 'string' && PLAIN.test(cell)))) return undefined;
  const width = (cell: string) => cell.replace(SGR, '').length;
  // cli-table3 gives an empty column one blank.
  const widths = Array.from({ length: columns }, (_, i) => Math.max(1, ...lines.map((cells) => width(cells[i] as string))));
  return lines.map((cells) => `${cells.map((cell, i) => cell + ' '.repeat((widths[i] as number) - width(cell))).join('  ').trimEnd()}\n`).join('');
}
