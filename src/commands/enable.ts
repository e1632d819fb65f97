import { featureFileNotes } from '../domain/enable-plan.js';
import { parseFrequency } from '../domain/frequency.js';
import { writeMode } from '../domain/write-result.js';
import { renderWriteResultsText } from '../output/write-results.js';
import { enableInRegion } from '../workflows/enable.js';
import type { Ctx } from './context.js';
import type { EnableFlags } from './enable-flags.js';
import { InputProblems } from './input-problems.js';
import { runWriteCommand } from './write-command.js';

/** `gdeks enable --features <file>`: the flags and the file are validated completely before the first AWS call. */
export async function runEnable(ctx: Ctx, flags: EnableFlags): Promise<number> {
  if (flags.organization || flags.autoEnable !== undefined) {
    return (await import('./enable-organization.js')).runEnableOrganization(ctx, flags);
  }
  const input = new InputProblems();
  if (!flags.features) input.add('enable needs --features <file>: the features JSON, as `aws guardduty create-detector --features` takes it');
  const frequency = flags.frequency === undefined ? undefined : input.check(() => parseFrequency(flags.frequency as string, '--frequency'));
  const loaded = flags.features ? await input.features(flags.features, ctx.signal) : undefined;
  input.throwIfAny();
  const { file, features } = loaded as NonNullable<typeof loaded>;
  const mode = writeMode(flags);
  const run = { dryRun: mode !== 'apply', frequency, onlyListed: flags.onlyListed === true, resume: flags.resume === true };
  return runWriteCommand(ctx, mode, (gd) => enableInRegion(gd, features, run), renderWriteResultsText, {
    inputNotes: { label: file, notes: featureFileNotes(features) },
    createsDetector: true,
  });
}
