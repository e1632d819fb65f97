import { noDetectorError } from '../aws/errors.js';
import type { GuardDutyPort } from '../aws/ports.js';
import { AwsError } from '../errors.js';
import { memberError, readDetectorAndAdministrator } from './detector.js';
import type { Frequency } from '../domain/frequency.js';
import { isSuspended, RESUME_CHANGE, RESUME_WITH_ENABLE, suspendedError, suspendedNote } from '../domain/suspended.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';

/**
 * Sets only the detector's FindingPublishingFrequency; no write when it already matches. A suspended detector
 * publishes nothing at any frequency: it is drift (`--check` exits 3), and a run that sets the frequency still
 * fails, naming the command that resumes it.
 */
export async function setFrequencyInRegion(gd: GuardDutyPort, frequency: Frequency, dryRun: boolean): Promise<WriteResult> {
  const { detector: current, administrator } = await readDetectorAndAdministrator(gd);
  if (!current) throw noDetectorError(gd.region);
  const from = current.findingPublishingFrequency ?? null;
  const suspended = isSuspended(current.status);
  const write = from !== frequency;
  const result: WriteResult = {
    region: gd.region,
    detectorId: current.detectorId,
    action: write || suspended ? 'updated' : 'unchanged',
    dryRun,
    changes: [...(suspended ? [{ ...RESUME_CHANGE }] : []), ...(write ? [{ target: 'FindingPublishingFrequency', from, to: frequency }] : [])],
    notes: suspended && dryRun ? [suspendedNote(current.detectorId, RESUME_WITH_ENABLE)] : [],
  };
  if (result.action === 'unchanged') return result;
  const stillSuspended = suspended ? suspendedError(gd.region, current.detectorId, RESUME_WITH_ENABLE) : undefined;
  if (write) {
    const admin = await administrator;
    if (admin) return failedAfterPlan(result, memberError(gd.region, admin));
  }
  if (dryRun) return result;
  if (!write) return failedAfterPlan(result, stillSuspended as NonNullable<typeof stillSuspended>);
  try {
    await gd.updateDetector({ DetectorId: current.detectorId, FindingPublishingFrequency: frequency });
  } catch (e) {
    if (e instanceof AwsError) return failedAfterPlan(result, e);
    throw e;
  }
  if (stillSuspended) result.error = stillSuspended;
  return result;
}
