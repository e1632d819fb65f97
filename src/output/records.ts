/**
 * Output as rows of named columns, for the formats that are one table: `-o csv` (src/output/csv.ts) and
 * `-o markdown` (src/output/markdown.ts). A command's records function maps its view to these; the renderers
 * do the quoting and escaping, so no command has to.
 */
export type Cell = string | number | boolean | null;

export interface RecordTable {
  /** CSV: the header row (stable names, documented in the README); markdown: the table's header. */
  columns: readonly string[];
  /** One per record, a cell per column; null is an empty cell. */
  rows: ReadonlyArray<readonly Cell[]>;
}

/**
 * A markdown cell whose text came from AWS or a file (a cluster name, a finding type, a reason quoting an AWS
 * message): shown as inline code, so nothing in it is taken as markdown, a link, HTML or an @mention.
 */
export interface CodeCell {
  code: string;
  /** gdeks' own words before it (`[sample]`), escaped as text. */
  before?: string;
}

export type MarkdownCell = Cell | CodeCell;

export interface MarkdownTable {
  columns: readonly string[];
  rows: ReadonlyArray<readonly MarkdownCell[]>;
}

/** Text from outside gdeks, for a markdown cell: inline code when there is any, else an empty cell. */
export const code = (text: string | null | undefined): MarkdownCell => (text === null || text === undefined || text === '' ? null : { code: text });
