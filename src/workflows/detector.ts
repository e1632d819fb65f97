import type { Detector, GuardDutyPort } from '../aws/ports.js';
import { AwsError } from '../errors.js';

/** The region's single detector, or null when GuardDuty is off there. */
export async function readDetector(gd: GuardDutyPort): Promise<Detector | null> {
  const detectorId = await gd.singleDetectorId();
  return detectorId ? gd.getDetector(detectorId) : null;
}

/**
 * The detector and, asked at the same time, the account's administrator (memberOf): the two reads do not
 * depend on each other, so a dry run costs ListDetectors plus one round trip, not two.
 */
export async function readDetectorAndAdministrator(gd: GuardDutyPort): Promise<{ detector: Detector | null; administrator: Promise<string | undefined> }> {
  const detectorId = await gd.singleDetectorId();
  if (!detectorId) return { detector: null, administrator: Promise.resolve(undefined) };
  const administrator = memberOf(gd, detectorId);
  // Awaited by the caller only when it plans an update: until then a rejection (a malformed answer) is not unhandled.
  administrator.catch(() => undefined);
  return { detector: await gd.getDetector(detectorId), administrator };
}

/**
 * In a member account the administrator owns features and publishing frequency, and UpdateDetector fails
 * with an opaque 400. Ask first, so the message can name the account that can make the change.
 */
export async function memberOf(gd: GuardDutyPort, detectorId: string): Promise<string | undefined> {
  try {
    const admin = await gd.getAdministrator(detectorId);
    return admin && /^enabled$/i.test(admin.relationshipStatus) ? admin.accountId : undefined;
  } catch (e) {
    // A malformed answer is no "not a member": the endpoint cannot be trusted for the write either.
    if (e instanceof AwsError && e.code === 'MalformedResponse') throw e;
    return undefined; // Not allowed to ask (or the endpoint lacks the operation): let UpdateDetector speak for itself.
  }
}

export function memberError(region: string, adminAccount: string): { code: string; message: string } {
  return {
    code: 'MemberAccount',
    message:
      `${region}: this account is a GuardDuty member of administrator account ${adminAccount}, which owns the detector's ` +
      `features and publishing frequency; run gdeks with that account's credentials instead`,
  };
}
