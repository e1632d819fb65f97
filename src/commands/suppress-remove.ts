import { parseRuleName } from '../domain/suppress-rule.js';
import { writeMode } from '../domain/write-result.js';
import { emit } from '../output/emit.js';
import { renderSuppressResultsText } from '../output/suppress-results.js';
import { removeRuleInRegions } from '../workflows/suppress-remove.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** `gdeks suppress remove NAME [--dry-run|--check]`. */
export async function runSuppressRemove(ctx: Ctx, name: string, flags: { dryRun?: boolean; check?: boolean }): Promise<number> {
  const ruleName = parseRuleName(name);
  const mode = writeMode(flags);
  return emit(ctx.io, ctx.globals.output, await removeRuleInRegions(await awsRun(ctx), ruleName, mode), renderSuppressResultsText);
}
