import type { GuardDutyPort } from '../aws/ports.js';
import { enableOrganizationInRegion } from '../workflows/enable-organization.js';
import { featureFileNotes } from '../domain/enable-plan.js';
import { parseAutoEnableLevel, type AutoEnableLevel } from '../domain/org-plan.js';
import { writeMode } from '../domain/write-result.js';
import { renderOrgResultsText } from '../output/org-results.js';
import type { Ctx } from './context.js';
import type { EnableFlags } from './enable-flags.js';
import { InputProblems } from './input-problems.js';
import { runWriteCommand } from './write-command.js';

/**
 * `gdeks enable --features <file> --organization [--auto-enable new|all|none]`, run from the delegated
 * administrator: the organization's auto-enable settings for member accounts. Flags and file are checked
 * (every problem at once) before the first AWS call.
 */
export async function runEnableOrganization(ctx: Ctx, flags: EnableFlags): Promise<number> {
  const input = new InputProblems();
  if (!flags.organization) input.add('--auto-enable applies to the organization configuration: add --organization');
  if (!flags.features) input.add('enable --organization needs --features <file>: the features JSON, as `aws guardduty create-detector --features` takes it');
  // These describe the administrator's own detector, which `enable` without --organization manages.
  const own = (['frequency', 'onlyListed', 'resume'] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (own.length > 0) {
    const names = own.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    input.add(`${names.join(', ')} ${own.length === 1 ? 'configures' : 'configure'} this account's own detector, not the organization: run it without --organization`);
  }
  let level: AutoEnableLevel | undefined;
  if (flags.autoEnable !== undefined) {
    level = parseAutoEnableLevel(flags.autoEnable);
    if (!level) input.add(`--auto-enable: "${flags.autoEnable}" is not a level; use new, all or none`);
  }
  const loaded = flags.features ? await input.features(flags.features) : undefined;
  input.throwIfAny();
  const { file, features } = loaded as NonNullable<typeof loaded>;
  const mode = writeMode(flags);
  const work = (gd: GuardDutyPort) => enableOrganizationInRegion(gd, features, { level, dryRun: mode !== 'apply' });
  return runWriteCommand(ctx, mode, work, renderOrgResultsText, { inputNotes: { label: file, notes: featureFileNotes(features) } });
}
