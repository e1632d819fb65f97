import { writeMode } from '../domain/write-result.js';
import { loadRules } from '../features/rules.js';
import { renderSuppressResultsText } from '../output/suppress-results.js';
import { applyInRegion } from '../workflows/suppress-apply.js';
import { SUPPRESS_WRITE } from '../workflows/suppress-report.js';
import type { Ctx } from './context.js';
import { InputProblems } from './input-problems.js';
import { runWriteCommand } from './write-command.js';

export interface ApplyFlags {
  file?: string;
  prune?: boolean;
  archiveExisting?: boolean;
  dryRun?: boolean;
  check?: boolean;
}

/** `gdeks suppress apply --file rules.json [--prune]`: the file checked whole first (every problem at once, exit 2). */
export async function runSuppressApply(ctx: Ctx, flags: ApplyFlags): Promise<number> {
  const problems = new InputProblems();
  if (flags.file === undefined) {
    problems.add('--file is required: the JSON array of rules to apply', ['e.g. gdeks suppress apply --file rules.json --dry-run']);
    problems.throwIfAny();
  }
  const loaded = await problems.input(() => loadRules(flags.file as string));
  problems.throwIfAny();
  const { file, rules, notes } = loaded!;
  const options = { mode: writeMode(flags), prune: flags.prune === true, archiveExisting: flags.archiveExisting === true, now: Date.now() };
  return runWriteCommand(ctx, options.mode, (gd) => applyInRegion(gd, rules, options), renderSuppressResultsText, {
    ...SUPPRESS_WRITE,
    inputNotes: { label: file, notes },
  });
}
