/** Plain-text rendering of located problems, in the `file:line:column:` form editors and CI logs link. */
import type { Problem } from '../errors.js';

const HINT_INDENT = '    ';

/**
 * First line `file:line:column: message (at $.path)`, then each hint indented by four spaces. A problem with
 * the whole file (line 0: unreadable, too large) has no position, and a made-up 1:1 would send an editor to
 * the wrong place: its message, which names the file, stands alone.
 */
export function formatProblem(p: Problem): string[] {
  const first = p.line === 0 ? p.message : `${p.file}:${p.line}:${p.column}: ${p.message} (at ${p.path})`;
  return [first, ...(p.hints ?? []).map((h) => HINT_INDENT + h)];
}

export function formatProblems(problems: readonly Problem[]): string[] {
  return problems.flatMap(formatProblem);
}
