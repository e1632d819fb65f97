import { parseRuleName } from '../domain/suppress-rule.js';
import { writeMode } from '../domain/write-result.js';
import { renderSuppressResultsText } from '../output/suppress-results.js';
import { removeRuleInRegion } from '../workflows/suppress-remove.js';
import { SUPPRESS_WRITE } from '../workflows/suppress-report.js';
import type { Ctx } from './context.js';
import { runWriteCommand } from './write-command.js';

/** `gdeks suppress remove NAME [--dry-run|--check]`. */
export async function runSuppressRemove(ctx: Ctx, name: string, flags: { dryRun?: boolean; check?: boolean }): Promise<number> {
  const ruleName = parseRuleName(name);
  const mode = writeMode(flags);
  return runWriteCommand(ctx, mode, (gd) => removeRuleInRegion(gd, ruleName, mode), renderSuppressResultsText, SUPPRESS_WRITE);
}
