import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from '../domain/globals.js';
import type { Message, Report, ReportOutput } from '../domain/report.js';
import { escapeInvisible, sanitize, sanitizeDeep } from '../text/sanitize.js';
import type { Io } from './io.js';
import { jsonPieces } from './json-pieces.js';

/** What a table renderer may use besides its view: colours for stdout, the width to fit, the time. */
export interface TableStyle {
  color: ChalkInstance;
  columns?: number;
  now: number;
}

export type TableRenderer<V> = (view: V, style: TableStyle) => string;

const json = (o: ReportOutput<unknown>, indent?: number) => (o.serialize ?? ((v, i) => JSON.stringify(v, null, i)))(o.document, indent);

/**
 * One renderer per -o format: a new format is one entry here (and its name in src/domain/globals.ts). Each is the
 * one place its format escapes text from AWS or a file (src/text/sanitize.ts): a table renderer gets a view whose
 * every string is sanitized, so no field (not even one added later) can start a line or reorder one; JSON keeps
 * its strings and escapes what JSON.stringify leaves raw (C1, bidi, line separators), so it still parses back to them.
 */
const RENDERERS: Record<OutputFormat, (output: ReportOutput<unknown>, table: TableRenderer<unknown>, style: TableStyle) => string> = {
  table: (o, table, style) => table(sanitizeDeep(o.view), style),
  json: (o) => escapeInvisible(`${json(o, 2)}\n`),
  ndjson: (o) => escapeInvisible(o.lines.map((line) => `${(o.serialize ?? JSON.stringify)(line)}\n`).join('')),
};

/**
 * The one place a command's report is printed: its output on stdout in the chosen format, then its messages on
 * stderr. Returns the report's exit code.
 */
export function emit<V>(io: Io, format: OutputFormat, report: Report<V>, table?: TableRenderer<V>): number {
  if (report.output?.inPieces && (format === 'json' || format === 'ndjson')) {
    // io.out escapes each piece as the renderers escape the whole (escapeInvisible works character by character).
    const values = format === 'json' ? [report.output.document] : report.output.lines;
    for (const value of values) {
      for (const piece of jsonPieces(value, format === 'json' ? 2 : 0)) io.out(piece);
      io.out('\n');
    }
  } else if (report.output) {
    const text = RENDERERS[format](report.output as ReportOutput<unknown>, (table ?? (() => '')) as TableRenderer<unknown>, {
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
