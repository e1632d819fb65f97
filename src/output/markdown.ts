import type { MarkdownCell, MarkdownTable } from './records.js';

/**
 * `-o markdown`: GitHub-flavoured markdown tables, for `$GITHUB_STEP_SUMMARY` or a pull-request comment. Cells
 * have been sanitized (src/output/emit.ts): no line break, control or bidi character reaches here. Then:
 * - text of gdeks' own (a verdict, a severity) has every ASCII punctuation character backslash-escaped, which
 *   CommonMark guarantees is shown as itself: no emphasis, link, autolink, HTML, entity or table pipe can start;
 * - text from AWS or a file is inline code (CodeCell), where nothing is markdown: no link, HTML, @mention or
 *   #reference (see markdownCode for its pipes).
 * An empty table is its header and delimiter row.
 */
export function renderMarkdown(tables: MarkdownTable | readonly MarkdownTable[]): string {
  const list = Array.isArray(tables) ? (tables as readonly MarkdownTable[]) : [tables as MarkdownTable];
  return list.map(markdownTable).join('\n');
}

function markdownTable(table: MarkdownTable): string {
  return markdownHeader(table.columns) + markdownRows(table);
}

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |\n`;

/** A table's header and delimiter rows. */
export function markdownHeader(columns: readonly string[]): string {
  return line(columns.map(escapeMarkdown)) + line(columns.map(() => '---'));
}

/** A table's body rows only (a streaming writer adds them under markdownHeader). */
export function markdownRows(table: MarkdownTable): string {
  return table.rows.map((row) => line(table.columns.map((_, i) => markdownCell(row[i] ?? null)))).join('');
}

/**
 * Every ASCII punctuation character that can start markdown, HTML, an entity, a link or autolink, math, a
 * mention or a table pipe, escaped with a backslash (CommonMark: "any ASCII punctuation character may be
 * backslash-escaped", and is then shown as itself). Left as they are: `- , / ' " ; ? %`, which inside a table
 * cell (never at the start of a line) start nothing, so `us-east-1` and `not-protected` stay readable.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!#$&()*+.:<=>@[\\\]^_`{|}~]/g, (c) => `\\${c}`);
}

/**
 * `text` exactly, as inline code: each run without `|` is a code span (fenced with one more backtick than its
 * longest run of backticks, padded with a space when it starts or ends with a backtick or a space, which
 * CommonMark strips), and each `|` stands between them as `\|`. A pipe is never inside a span: there a
 * backslash before it would be the text's own, and GFM parsers disagree about `\\|` (cmark-gfm keeps the pipe in
 * the cell, marked splits the row), so a hostile `a\|b` could have added a column.
 */
export function markdownCode(text: string): string {
  return text
    .split('|')
    .map((part) => (part === '' ? '' : codeSpan(part)))
    .join('\\|');
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function markdownCell(cell: MarkdownCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return [cell.before === undefined ? '' : `${escapeMarkdown(cell.before)} `, markdownCode(cell.code)].join('');
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return escapeMarkdown(cell);
}
