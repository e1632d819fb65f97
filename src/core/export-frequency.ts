import type { GuardDuty } from '../aws/guardduty.js';
import { AwsError } from '../errors.js';
import { memberError, memberOf, readDetector } from './enable.js';
import type { Frequency } from './frequency.js';
import type { WriteResult } from './write-result.js';

/** Sets only the detector's FindingPublishingFrequency; no write when it already matches. */
export async function setFrequencyInRegion(gd: GuardDuty, frequency: Frequency, dryRun: boolean): Promise<WriteResult> {
  const current = await readDetector(gd);
  if (!current) {
    throw new AwsError(`${gd.region}: no GuardDuty detector; run \`gdeks enable --features <file>\` first`, {
      code: 'NoDetector',
      region: gd.region,
      operation: 'ListDetectors',
    });
  }
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
  if (admin) {
    result.error = memberError(gd.region, admin);
    return result;
  }
  if (!dryRun) await gd.updateDetector({ DetectorId: current.detectorId, FindingPublishingFrequency: frequency });
  return result;
}
