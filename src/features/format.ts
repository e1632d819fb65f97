/** Plain-text rendering of located problems, in the `file:line:column:` form editors and CI logs link. */
import type { Problem } from '../errors.js';

const HINT_INDENT = '    ';

/** First line `file:line:column: message (at $.path)`, then each hint indented by four spaces. */
export function formatProblem(p: Problem): string[] {
  return [`${p.file}:${p.line}:${p.column}: ${p.message} (at ${p.path})`, ...(p.hints ?? []).map((h) => HINT_INDENT + h)];
}

export function formatProblems(problems: readonly Problem[]): string[] {
  return problems.flatMap(formatProblem);
}
