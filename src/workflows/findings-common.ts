import { noDetectorError } from '../aws/errors.js';
import type { GuardDutyPort } from '../aws/ports.js';
import { details, error, type Message } from '../domain/report.js';
import { sanitize } from '../text/sanitize.js';
import type { RegionOutcome } from './fanout.js';

/** The region's detector id; a region without one is an error that says how to fix it. */
export async function detectorIdOf(gd: GuardDutyPort): Promise<string> {
  const id = await gd.singleDetectorId();
  if (!id) {
    throw noDetectorError(gd.region, `run \`gdeks enable --features <file> --region ${gd.region}\` first`);
  }
  return id;
}

/** Per-region failures, for stderr (the other regions' output stands). */
export function regionErrors(outcomes: ReadonlyArray<RegionOutcome<unknown>>): Message[] {
  return outcomes.flatMap((o) => (o.ok ? [] : [error(sanitize(o.error.message)), ...details(o.error.details)]));
}
