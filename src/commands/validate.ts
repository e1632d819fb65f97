import { featureFileNotes } from '../domain/enable-plan.js';
import { note } from '../domain/report.js';
import { ExitCode } from '../errors.js';
import { loadFeatures } from '../features/read.js';
import { emit } from '../output/emit.js';
import { renderFeaturesTable } from '../output/features-table.js';
import type { Ctx } from './context.js';

/** `gdeks validate <file>`: offline; an invalid file raises InputError (exit 2) with every problem located. */
export async function runValidate(ctx: Ctx, file: string): Promise<number> {
  const { file: label, features } = await loadFeatures(file, undefined, ctx.signal);
  const valid = { kind: 'ok' as const, text: `${label}: valid, ${features.length} feature${features.length === 1 ? '' : 's'}` };
  // The same notes `enable` prints for this file: valid, but worth knowing before it is applied.
  const notes = featureFileNotes(features).map((n) => note(`${label}: ${n}`));
  return emit(ctx.io, ctx.globals.output, { output: { view: features, document: features, lines: features }, messages: [valid, ...notes], exitCode: ExitCode.ok }, renderFeaturesTable);
}
