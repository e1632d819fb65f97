// Fitting report text to the terminal (status and status --organization), as the findings table does.

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without its colour codes. */
export function withoutColour(text: string): string {
  return text.replace(ANSI, '');
}

/** Characters a line takes on screen (colour codes take none). */
export function visibleWidth(text: string): number {
  return Array.from(withoutColour(text)).length;
}

/** Marks a line that must stay whole (a command meant to be copied), even where it is wider than the terminal. */
export class Whole {
  constructor(readonly text: string) {}
}

/**
 * Wraps each line wider than `width` at spaces, continuing under its first word plus two columns; a line
 * marked Whole is left as it is, on its own line.
 */
export function fitLines(lines: ReadonlyArray<string | Whole>, width: number | undefined): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line instanceof Whole) out.push(line.text);
    else if (width === undefined || visibleWidth(line) <= width) out.push(line);
    else out.push(...wrap(line, width));
  }
  return out;
}

function wrap(line: string, width: number): string[] {
  const indent = /^ */.exec(line)?.[0] ?? '';
  const next = `${indent}  `;
  const words = line.slice(indent.length).split(' ');
  const out: string[] = [];
  let current = indent;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? current + word : `${current} ${word}`;
    if (!empty && visibleWidth(candidate) > width) {
      out.push(current);
      current = next + word;
    } else current = candidate;
    empty = false;
  }
  out.push(current);
  return out;
}

/**
 * Which of a table's columns to show so that it fits `width` (after `indent` characters): columns are left
 * out in `dropOrder` until it does, or until only those not in the list remain.
 */
export function columnsThatFit(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  width: number | undefined,
  indent: number,
  dropOrder: readonly string[],
): number[] {
  let keep = headers.map((_, i) => i);
  const total = () => indent + keep.reduce((n, i) => n + Math.max(visibleWidth(headers[i] ?? ''), ...rows.map((r) => visibleWidth(r[i] ?? ''))), 0) + 2 * (keep.length - 1);
  for (const name of dropOrder) {
    if (width === undefined || total() <= width) break;
    keep = keep.filter((i) => headers[i] !== name);
  }
  return keep;
}

/**
 * A line made of parts shown two spaces apart: `line` as it is when it fits `width`, else the parts as many to a
 * line as fit, the lines after the first indented two columns more than the first part (as fitLines does).
 */
export function fitParts(line: string, parts: readonly string[], width: number | undefined): string[] {
  if (width === undefined || visibleWidth(line) <= width) return [line];
  const next = `${/^ */.exec(parts[0] ?? '')?.[0] ?? ''}  `;
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current === '' ? part : `${current}  ${part}`;
    if (current !== '' && visibleWidth(candidate) > width) {
      out.push(current);
      current = next + part;
    } else current = candidate;
  }
  if (current !== '') out.push(current);
  return out;
}
