import { resolveRegions } from '../aws/region.js';
import { settingsFor, type AwsSettings } from '../aws/settings.js';
import type { Ctx } from './context.js';
import type { RegionOutcome } from '../workflows/fanout.js';
import { UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import { sanitize } from '../text/sanitize.js';

/** Settings and regions for a findings command (--regions, --region, or the SDK's configured region). */
export async function findingsTarget(ctx: Ctx): Promise<{ settings: AwsSettings; regions: string[] }> {
  const { globals } = ctx;
  const settings = settingsFor(ctx);
  return { settings, regions: await resolveRegions(globals, settings) };
}

/** Per-region failures go to stderr (the other regions' output stands); true when any region failed. */
export function reportRegionErrors(outcomes: ReadonlyArray<RegionOutcome<unknown>>, io: Io): boolean {
  let failed = false;
  for (const o of outcomes) {
    if (o.ok) continue;
    failed = true;
    io.err(`${io.errColor.red('error:')} ${sanitize(o.error.message)}\n`);
    for (const line of o.error.details) io.err(`  ${line}\n`);
  }
  return failed;
}

// GuardDuty finding ids: 1–300 characters; the service issues lower-case hex, samples included.
const FINDING_ID = /^[a-z0-9]{1,300}$/;

/** Validates finding ids before any AWS call (exit 2 on the first bad one), dropping repeats. */
export function parseFindingIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (!FINDING_ID.test(id)) {
      throw new UsageError(`"${sanitize(raw)}" is not a GuardDuty finding id (1–300 lower-case letters and digits, e.g. 32 hex characters)`, [
        'List ids with: gdeks findings list',
      ]);
    }
    out.add(id);
  }
  return [...out];
}
