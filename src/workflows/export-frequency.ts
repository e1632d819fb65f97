import type { GuardDuty } from '../aws/guardduty.js';
import { AwsError } from '../errors.js';
import { memberError, memberOf, noDetectorError, readDetector } from './enable.js';
import type { Frequency } from '../domain/frequency.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';

/** Sets only the detector's FindingPublishingFrequency; no write when it already matches. */
export async function setFrequencyInRegion(gd: GuardDuty, frequency: Frequency, dryRun: boolean): Promise<WriteResult> {
  const current = await readDetector(gd);
  if (!current) throw noDetectorError(gd.region);
  const from = current.findingPublishingFrequency ?? null;
  const result: WriteResult = {
    region: gd.region,
    detectorId: current.detectorId,
    action: from === frequency ? 'unchanged' : 'updated',
    dryRun,
    changes: from === frequency ? [] : [{ target: 'FindingPublishingFrequency', from, to: frequency }],
    notes: [],
  };
  if (result.action === 'unchanged') return result;
  const admin = await memberOf(gd, current.detectorId);
  if (admin) return failedAfterPlan(result, memberError(gd.region, admin));
  if (dryRun) return result;
  try {
    await gd.updateDetector({ DetectorId: current.detectorId, FindingPublishingFrequency: frequency });
  } catch (e) {
    if (e instanceof AwsError) return failedAfterPlan(result, e);
    throw e;
  }
  return result;
}
