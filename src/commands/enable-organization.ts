import type { Ctx } from '../core/context.js';
import { enableOrganizationInRegion } from '../core/enable-organization.js';
import { parseAutoEnableLevel, type AutoEnableLevel } from '../core/org-plan.js';
import { UsageError } from '../errors.js';
import { loadFeatures } from '../features/read.js';
import { renderOrgResultsText } from '../output/org-results.js';
import type { EnableFlags } from './enable.js';
import { runRegionWrites } from './region-write.js';

/**
 * `gdeks enable --features <file> --organization [--auto-enable new|all|none]`, run from the delegated
 * administrator: the organization's auto-enable settings for member accounts. Flags and file are checked
 * before the first AWS call.
 */
export async function runEnableOrganization(ctx: Ctx, flags: EnableFlags): Promise<number> {
  if (!flags.organization) throw new UsageError('--auto-enable applies to the organization configuration: add --organization');
  if (!flags.features) throw new UsageError('enable --organization needs --features <file>: the features JSON (see examples/config.json)');
  // These describe the administrator's own detector, which `enable` without --organization manages.
  const own = (['frequency', 'onlyListed', 'resume'] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (own.length > 0) {
    const names = own.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UsageError(`${names.join(', ')} ${own.length === 1 ? 'configures' : 'configure'} this account's own detector, not the organization: run it without --organization`);
  }
  let level: AutoEnableLevel | undefined;
  if (flags.autoEnable !== undefined) {
    level = parseAutoEnableLevel(flags.autoEnable);
    if (!level) throw new UsageError(`--auto-enable: "${flags.autoEnable}" is not a level; use new, all or none`);
  }
  const { features } = await loadFeatures(flags.features);
  const mode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'apply';
  return runRegionWrites(ctx, mode, (gd) => enableOrganizationInRegion(gd, features, { level, dryRun: mode !== 'apply' }), {
    failed: (base) => base,
    renderText: renderOrgResultsText,
  });
}
