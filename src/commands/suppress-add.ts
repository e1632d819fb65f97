import { note } from '../domain/report.js';
import { buildRuleCriteria, parseAction, parseDescription, parseRank, parseRuleName, parseRuleSelectors, type Rule, type RuleSelectorFlags } from '../domain/suppress-rule.js';
import { writeMode } from '../domain/write-result.js';
import { emitMessages } from '../output/emit.js';
import { renderSuppressResultsText } from '../output/suppress-results.js';
import { addRuleInRegion } from '../workflows/suppress-add.js';
import { SUPPRESS_WRITE } from '../workflows/suppress-report.js';
import type { Ctx } from './context.js';
import { InputProblems } from './input-problems.js';
import { runWriteCommand } from './write-command.js';

export interface AddFlags extends RuleSelectorFlags {
  description?: string;
  rank?: string;
  action?: string;
  dryRun?: boolean;
  check?: boolean;
  archiveExisting?: boolean;
}

/** `gdeks suppress add NAME [selectors]`: every flag checked first (all problems at once, exit 2, nothing sent). */
export async function runSuppressAdd(ctx: Ctx, name: string, flags: AddFlags): Promise<number> {
  const problems = new InputProblems();
  const ruleName = problems.check(() => parseRuleName(name));
  const selectors = problems.check(() => parseRuleSelectors(flags));
  const action = flags.action === undefined ? 'ARCHIVE' : problems.check(() => parseAction(flags.action as string));
  const rank = flags.rank === undefined ? undefined : problems.check(() => parseRank(flags.rank as string));
  const description = flags.description === undefined ? undefined : problems.check(() => parseDescription(flags.description as string));
  if (flags.archiveExisting && action === 'NOOP') problems.add('--archive-existing archives what a suppression rule hides: it does not go with --action noop');
  problems.throwIfAny();
  const rule: Rule = { name: ruleName as string, action: action as Rule['action'], criteria: buildRuleCriteria(selectors!) };
  if (rank !== undefined) rule.rank = rank;
  if (description !== undefined) rule.description = description;
  emitMessages(ctx.io, selectors!.notes.map(note));
  const options = { mode: writeMode(flags), archiveExisting: flags.archiveExisting === true, now: Date.now() };
  return runWriteCommand(ctx, options.mode, (gd) => addRuleInRegion(gd, rule, options), renderSuppressResultsText, SUPPRESS_WRITE);
}
