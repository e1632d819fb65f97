import { stringify } from 'csv-stringify/sync';
import type { Cell, RecordTable } from './records.js';

/**
 * RFC 4180: a header row, then one record per row; a field holding a comma, a double quote, CR or LF is
 * quoted, a quote inside it doubled; records end with CRLF. csv-stringify does the quoting (see the README's
 * dependencies). Every cell has been sanitized before it gets here (src/output/emit.ts), so a line break from
 * AWS arrives as the text `\u000a` and a record is always one line.
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, a tab or CR is prefixed with `'` (escape_formulas): a
 * spreadsheet would otherwise run a finding title such as `=HYPERLINK(...)` as a formula (OWASP "CSV
 * injection"). Numbers are numbers, so a negative one is left alone.
 */
export function renderCsv(table: RecordTable): string {
  return csvRows([table.columns, ...table.rows]);
}

/** Rows without a header (the rows a streaming writer adds after it). */
export function csvRows(rows: ReadonlyArray<readonly Cell[]>): string {
  if (rows.length === 0) return '';
  // quote_record_delimiter: any CR or LF, not only a whole CRLF, is quoted (RFC 4180; csv-stringify's default
  // with a custom record delimiter would leave a lone LF bare). Numbers stay numbers until csv-stringify casts them (so `-1` is not formula-escaped); booleans are
  // `true`/`false`, not its default `1`/empty; null is an empty cell.
  return stringify(
    rows as Cell[][],
    { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true, cast: { boolean: (v) => String(v), number: (v) => String(v) } },
  );
}
