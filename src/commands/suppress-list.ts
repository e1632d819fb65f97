import { emit } from '../output/emit.js';
import { renderFilterList } from '../output/suppress-list.js';
import { listRulesInRegions } from '../workflows/suppress-list.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** `gdeks suppress list [--matches]`: read-only. */
export async function runSuppressList(ctx: Ctx, flags: { matches?: boolean }): Promise<number> {
  const report = await listRulesInRegions(await awsRun(ctx, { needsDetector: true }), flags.matches === true);
  return emit(ctx.io, ctx.globals.output, report, renderFilterList);
}
