import { AwsError } from '../errors.js';
import { forEachRegion } from './fanout.js';
import type { AwsRun } from './run.js';

export interface DetectorRegions {
  /** The run narrowed to the regions that have a detector (or whose detector could not be looked up). */
  run: AwsRun;
  /** Regions where GuardDuty has no detector, in the order listed. */
  withoutDetector: string[];
}

/**
 * `--regions all` for a command that needs a detector (findings, suppression rules, publishing settings): every
 * enabled region is looked up at once (ListDetectors) and those where GuardDuty has no detector are set aside,
 * to be reported as such instead of failing the run. A region whose lookup fails stays in: the command meets
 * the same error there and reports it. Not one detector anywhere: GuardDuty monitors nothing, an error (exit 1).
 * Regions the user named are left alone: a named region without a detector is an error, as before.
 */
export async function regionsWithDetector(run: AwsRun): Promise<DetectorRegions> {
  if (!run.allRegions) return { run, withoutDetector: [] };
  const outcomes = await forEachRegion(run.regions, async (region) => (await (await run.ports.guardDuty(region)).singleDetectorId()) !== undefined);
  const withoutDetector = outcomes.filter((o) => o.ok && !o.value).map((o) => o.region);
  const regions = run.regions.filter((r) => !withoutDetector.includes(r));
  if (regions.length === 0) {
    throw new AwsError(`GuardDuty has no detector in any of the ${withoutDetector.length} regions enabled for the account (${withoutDetector.join(', ')}): it monitors nothing`, {
      code: 'NoDetector',
      operation: 'ListDetectors',
      details: ['Turn it on first: gdeks enable --features <file> --regions all'],
    });
  }
  return { run: { ...run, regions }, withoutDetector };
}
