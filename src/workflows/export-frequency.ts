import { noDetectorError } from '../aws/errors.js';
import type { GuardDutyPort } from '../aws/ports.js';
import { AwsError } from '../errors.js';
import { memberError, readDetectorAndAdministrator } from './detector.js';
import type { Frequency } from '../domain/frequency.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';

/** Sets only the detector's FindingPublishingFrequency; no write when it already matches. */
export async function setFrequencyInRegion(gd: GuardDutyPort, frequency: Frequency, dryRun: boolean): Promise<WriteResult> {
  const { detector: current, administrator } = await readDetectorAndAdministrator(gd);
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
  const admin = await administrator;
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
