import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from '../domain/globals.js';
import type { Message, Report, ReportOutput } from '../domain/report.js';
import { escapeInvisible, sanitize, sanitizeDeep } from '../text/sanitize.js';
import type { Io } from './io.js';
import { jsonPieces } from './json-pieces.js';
import { renderMarkdown } from './markdown.js';
import type { MarkdownTable } from './records.js';

/** What a table renderer may use besides its view: colours for stdout, the width to fit, the time. */
export interface TableStyle {
  color: ChalkInstance;
  columns?: number;
  now: number;
}

export type TableRenderer<V> = (view: V, style: TableStyle) => string;

/**
 * A command's renderers besides JSON: its table, and for the commands that offer them its CSV records and
 * markdown tables (src/output/records.ts). A command lists the formats it offers in src/program.ts, so a format
 * without a renderer here is refused before any AWS call.
 */
export interface Renderers<V> {
  table?: TableRenderer<V>;
  /**
   * The CSV text: renderCsv (src/output/csv.ts) of the view's records. Called by the command's own module, so
   * that csv-stringify loads only for the commands that print CSV, never at `validate`'s start-up.
   */
  csv?: (view: V) => string;
  markdown?: (view: V) => MarkdownTable | readonly MarkdownTable[];
}

function needed<T>(renderer: T | undefined, format: string): T {
  if (renderer === undefined) throw new Error(`internal: no ${format} renderer for this command`);
  return renderer;
}

const json = (o: ReportOutput<unknown>, indent?: number) => (o.serialize ?? ((v, i) => JSON.stringify(v, null, i)))(o.document, indent);

/**
 * One renderer per -o format: a new format is one entry here (and its name in src/domain/globals.ts). Each is the
 * one place its format escapes text from AWS or a file (src/text/sanitize.ts): a table renderer gets a view whose
 * every string is sanitized, so no field (not even one added later) can start a line or reorder one; JSON keeps
 * its strings and escapes what JSON.stringify leaves raw (C1, bidi, line separators), so it still parses back to them.
 */
const RENDERERS: Record<OutputFormat, (output: ReportOutput<unknown>, renderers: Renderers<unknown>, style: TableStyle) => string> = {
  table: (o, r, style) => (r.table ?? (() => ''))(sanitizeDeep(o.view), style),
  json: (o) => escapeInvisible(`${json(o, 2)}\n`),
  ndjson: (o) => escapeInvisible(o.lines.map((line) => `${(o.serialize ?? JSON.stringify)(line)}\n`).join('')),
  // Sanitized like the table (a CSV or markdown record is one line); no colour ever.
  csv: (o, r) => needed(r.csv, 'csv')(sanitizeDeep(o.view)),
  markdown: (o, r) => renderMarkdown(needed(r.markdown, 'markdown')(sanitizeDeep(o.view))),
};

/**
 * The one place a command's report is printed: its output on stdout in the chosen format, then its messages on
 * stderr. Returns the report's exit code.
 */
export function emit<V>(io: Io, format: OutputFormat, report: Report<V>, renderers?: TableRenderer<V> | Renderers<V>): number {
  if (report.output?.inPieces && (format === 'json' || format === 'ndjson')) {
    // io.out escapes each piece as the renderers escape the whole (escapeInvisible works character by character).
    for (const piece of outputPieces(report.output, format)) io.out(piece);
  } else return emitWhole(io, format, report, renderers);
  emitMessages(io, report.messages, format);
  return report.exitCode;
}

/** The JSON or NDJSON text of a report whose output is written in pieces (ReportOutput.inPieces). */
function* outputPieces(output: ReportOutput<unknown>, format: 'json' | 'ndjson'): Generator<string> {
  const values = format === 'json' ? [output.document] : output.lines;
  for (const value of values) {
    yield* jsonPieces(value, format === 'json' ? 2 : 0);
    yield '\n';
  }
}

/**
 * emit, for a report written in pieces: each piece waits until stdout has taken the one before (io.drain). Written
 * all at once, a pipe's reader that was slower than gdeks had every piece queued in the stream's buffer at once,
 * the whole document again (status --organization at 150,000 members: most of the peak memory).
 */
export async function emitPaced<V>(io: Io, format: OutputFormat, report: Report<V>, renderers?: TableRenderer<V> | Renderers<V>): Promise<number> {
  if (!(report.output?.inPieces && (format === 'json' || format === 'ndjson'))) return emit(io, format, report, renderers);
  for (const piece of outputPieces(report.output, format)) {
    if (io.stdoutClosed?.()) break; // the reader has gone (EPIPE): nothing more can be written
    io.out(piece);
    await io.drain();
  }
  emitMessages(io, report.messages, format);
  return report.exitCode;
}

function emitWhole<V>(io: Io, format: OutputFormat, report: Report<V>, renderers?: TableRenderer<V> | Renderers<V>): number {
  if (report.output) {
    const r = (typeof renderers === 'function' ? { table: renderers } : (renderers ?? {})) as Renderers<unknown>;
    const text = RENDERERS[format](report.output as ReportOutput<unknown>, r, {
      color: io.color,
      columns: io.columns,
      now: Date.now(),
    });
    if (text !== '') io.out(text);
  }
  emitMessages(io, report.messages, format);
  return report.exitCode;
}

/**
 * Messages alone: notes about the input, printed before any AWS call. Each message's text is sanitized here, once:
 * messages quote AWS's errors, cluster names and file contents.
 */
export function emitMessages(io: Io, messages: readonly Message[], format?: OutputFormat): void {
  const c = io.errColor;
  for (const message of messages) {
    if (message.when?.tty && !io.stderrIsTTY) continue;
    if (message.when?.table !== undefined && message.when.table !== (format === 'table')) continue;
    const m = { ...message, text: sanitize(message.text) };
    if (m.kind === 'note') io.err(`${c.yellow('note:')} ${m.text}\n`);
    else if (m.kind === 'error') io.err(`${c.red('error:')} ${m.text}\n`);
    else if (m.kind === 'detail') io.err(`  ${m.text}\n`);
    else if (m.kind === 'dim') io.err(`${c.dim(m.text)}\n`);
    else if (m.kind === 'ok') io.err(`${c.green('✓')} ${m.text}\n`);
    else io.err(`${m.text}\n`);
  }
}
