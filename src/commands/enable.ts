import type { Ctx } from '../core/context.js';
import { UsageError } from '../errors.js';
import { enableInRegion } from '../core/enable.js';
import { parseFrequency } from '../core/frequency.js';
import { loadFeatures } from '../features/read.js';
import { runWriteCommand } from './write-run.js';

export interface EnableFlags {
  features?: string;
  frequency?: string;
  dryRun?: boolean;
  check?: boolean;
  onlyListed?: boolean;
  resume?: boolean;
  organization?: boolean;
  autoEnable?: string;
}

/** `gdeks enable --features <file>`: the file is validated completely before the first AWS call. */
export async function runEnable(ctx: Ctx, flags: EnableFlags): Promise<number> {
  if (flags.organization || flags.autoEnable !== undefined) {
    return (await import('./enable-organization.js')).runEnableOrganization(ctx, flags);
  }
  if (!flags.features) {
    throw new UsageError('enable needs --features <file>: the features JSON (see examples/config.json)');
  }
  const frequency = flags.frequency === undefined ? undefined : parseFrequency(flags.frequency, '--frequency');
  const { features } = await loadFeatures(flags.features);
  const mode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'apply';
  const run = { dryRun: mode !== 'apply', frequency, onlyListed: flags.onlyListed === true, resume: flags.resume === true };
  return runWriteCommand(ctx, mode, (gd) => enableInRegion(gd, features, run));
}
