/**
 * Validates a features file completely before anything reaches AWS. Pure: text in, features or an InputError
 * listing every problem (file:line:column, JSON path, what was found, what is allowed) out.
 *
 * momoa gives an AST with positions and keeps duplicate keys (JSON.parse would drop them silently); zod checks the
 * shape of the entries (shape.ts); the checks across entries (duplicates, pairs, ownership) are done on the AST
 * (duplicates.ts, entries.ts). Text that is not JSON is explained by syntax.ts.
 */
import { parse as parseJson } from '@humanwhocodes/momoa';
import type { ValueNode } from '@humanwhocodes/momoa';
import { InputError } from '../errors.js';
import { at, positionAt, toValue } from './ast.js';
import type { Draft } from './ast.js';
import { duplicateKeyProblems } from './duplicates.js';
import { crossEntryProblems } from './entries.js';
import { EXAMPLE, fileSchema, schemaProblems } from './shape.js';
import { MAX_DEPTH, scan, strictJsonProblem, syntaxProblem } from './syntax.js';
import type { DesiredFeature } from '../domain/features.js';

export { positionAt };

/** Past this many, the rest is summarised: a garbage file must not produce megabytes of output. */
export const MAX_PROBLEMS = 100;

export function parseFeaturesText(text: string, file: string): DesiredFeature[] {
  const fail = (drafts: Draft[]): never => {
    throw new InputError(finish(drafts).map((d) => ({ file, ...d })));
  };
  // Editors on Windows add a BOM; it is not part of the JSON and must not shift columns.
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.trim() === '') {
    fail([{ line: 1, column: 1, path: '$', message: 'the file is empty; expected a JSON array of features', hints: ['for example:', ...EXAMPLE] }]);
  }
  const tooDeepAt = scan(src, src.length).tooDeepAt;
  if (tooDeepAt !== undefined) {
    fail([{ ...positionAt(src, tooDeepAt), path: '$', message: `nested more than ${MAX_DEPTH} levels deep; a features file nests four` }]);
  }
  let body: ValueNode;
  try {
    body = parseJson(src, { mode: 'json' }).body;
  } catch (err) {
    return fail([syntaxProblem(src, err)]);
  }

  const strict = strictJsonProblem(src);
  const result = fileSchema.safeParse(toValue(body));
  // Array literals, not push(...list): a 1 MiB file can yield ~500,000 problems, past the argument-count limit.
  const drafts: Draft[] = [
    ...(strict ? [strict] : []),
    ...schemaProblems(body, result.success ? [] : result.error.issues),
    ...duplicateKeyProblems(body),
    ...crossEntryProblems(body),
  ];
  if (!result.success || drafts.length > 0) {
    return fail(drafts.length > 0 ? drafts : [{ ...at(body), path: '$', message: 'not a valid features file' }]);
  }
  return result.data.map(({ Name, Status, AdditionalConfiguration }) =>
    AdditionalConfiguration === undefined
      ? { Name, Status }
      : { Name, Status, AdditionalConfiguration: AdditionalConfiguration.map((a) => ({ Name: a.Name, Status: a.Status })) },
  );
}

/** File order, and a bounded list. */
export function finish(drafts: Draft[]): Draft[] {
  const sorted = [...drafts].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const next = sorted[MAX_PROBLEMS]!;
  const rest = sorted.length - MAX_PROBLEMS;
  return [...sorted.slice(0, MAX_PROBLEMS), { ...next, message: `and ${rest} more problem(s) not shown`, hints: [] }];
}
