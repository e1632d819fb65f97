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
import { ProblemList } from './problem-list.js';
import { EXAMPLE, fileSchema, shapeProblems } from './shape.js';
import { MAX_DEPTH, scan, strictJsonProblem, syntaxProblem } from './syntax.js';
import type { DesiredFeature } from '../domain/features.js';

export { positionAt };

/** Past this many, the rest is summarised: a garbage file must not produce megabytes of output. */
export const MAX_PROBLEMS = 100;

export function parseFeaturesText(text: string, file: string): DesiredFeature[] {
  const fail = (drafts: Draft[]): never => {
    throw new InputError(drafts.map((d) => ({ file, ...d })));
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

  const problems = new ProblemList(MAX_PROBLEMS);
  const add = (d: Draft) => problems.add(d);
  const strict = strictJsonProblem(src);
  if (strict) add(strict);
  shapeProblems(body, add);
  // Loops, not push(...list): a 1 MiB file can yield ~500,000 problems, past the argument-count limit.
  for (const d of duplicateKeyProblems(body)) add(d);
  for (const d of crossEntryProblems(body)) add(d);
  if (problems.count > 0) throw new InputError(problems.list().map((d) => ({ file, ...d })));
  // Only a file without problems is given to zod whole: it has no issues to gather, and this gives its data.
  const result = fileSchema.safeParse(toValue(body));
  if (!result.success) return fail([{ ...at(body), path: '$', message: 'not a valid features file' }]);
  return result.data.map(({ Name, Status, AdditionalConfiguration }) =>
    AdditionalConfiguration === undefined
      ? { Name, Status }
      : { Name, Status, AdditionalConfiguration: AdditionalConfiguration.map((a) => ({ Name: a.Name, Status: a.Status })) },
  );
}

/** File order, and a bounded list with the true count of what is left out (see ProblemList). */
export function finish(drafts: Draft[]): Draft[] {
  const problems = new ProblemList(MAX_PROBLEMS);
  for (const d of drafts) problems.add(d);
  return problems.list();
}
