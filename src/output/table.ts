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
  const table = new Table({
    head: headers.map((h) => color.bold(h)),
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
