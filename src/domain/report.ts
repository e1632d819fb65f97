/**
 * What a command hands to the emitter (src/output/emit.ts): the output in every format's terms, the lines for
 * stderr, and the exit code. Workflows build it; they never print.
 */
export interface Report<V = unknown> {
  /** Absent when the command streamed its output as it went (`findings list`). */
  output?: ReportOutput<V>;
  /** For stderr, printed after the output, in this order. */
  messages: Message[];
  exitCode: number;
}

export interface ReportOutput<V> {
  /** What the table renderer receives. */
  view: V;
  /** `-o json`: the whole document. */
  document: unknown;
  /** `-o ndjson`: one value per line. */
  lines: readonly unknown[];
  /** JSON.stringify unless the values need their own (findings: dates as epoch seconds). */
  serialize?: (value: unknown, indent?: number) => string;
  /**
   * The document (or each line) is too large to hold as one string: `-o json` and `-o ndjson` write it in pieces
   * as they are made (src/output/json-pieces.ts), the same text. Only with JSON.stringify (no `serialize`).
   */
  inPieces?: true;
}

/**
 * One stderr line: `note:` / `error:` prefixed, indented detail under an error, plain, dimmed, or a ✓.
 * `when` limits it to a terminal on stderr (`tty`), or to table output or the others (`table`).
 */
export interface Message {
  kind: 'note' | 'error' | 'detail' | 'plain' | 'dim' | 'ok';
  text: string;
  when?: { tty?: true; table?: boolean };
}

export const note = (text: string): Message => ({ kind: 'note', text });
export const error = (text: string): Message => ({ kind: 'error', text });
export const details = (lines: readonly string[]): Message[] => lines.map((text) => ({ kind: 'detail', text }));
