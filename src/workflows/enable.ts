import type { GuardDuty } from '../aws/guardduty.js';
import { AwsError } from '../errors.js';
import type { DesiredFeature } from '../domain/features.js';
import { planEnable, type CurrentDetector, type EnableOptions, type EnablePlan } from '../domain/enable-plan.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';

export interface EnableRun extends EnableOptions {
  /** Plan only (--dry-run and --check). */
  dryRun: boolean;
}

/** Reads the region's detector, plans, and (unless dry-run) applies. Throws AwsError; the caller records it per region. */
export async function enableInRegion(gd: GuardDuty, desired: readonly DesiredFeature[], run: EnableRun): Promise<WriteResult> {
  const current = await readDetector(gd);
  const plan = planEnable(current, desired, run);
  const result: WriteResult = {
    region: gd.region,
    detectorId: current?.detectorId ?? null,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged',
    dryRun: run.dryRun,
    changes: plan.changes,
    notes: plan.notes,
  };
  const member = plan.action === 'update' ? await memberOf(gd, plan.detectorId) : undefined;
  if (member) return failedAfterPlan(result, memberError(gd.region, member));
  if (run.dryRun || plan.action === 'unchanged') return result;
  try {
    await apply(gd, plan, result);
  } catch (e) {
    if (e instanceof AwsError) return failedAfterPlan(result, e);
    throw e;
  }
  result.notes = plan.appliedNotes;
  return result;
}

export { noDetectorError } from '../aws/errors.js';

/** The region's single detector, or null when GuardDuty is off there. */
export async function readDetector(gd: GuardDuty): Promise<CurrentDetector | null> {
  const detectorId = await gd.singleDetectorId();
  if (!detectorId) return null;
  const d = await gd.getDetector(detectorId);
  return {
    detectorId,
    status: d.Status,
    findingPublishingFrequency: d.FindingPublishingFrequency,
    features: (d.Features ?? []).map((f) => ({
      Name: f.Name,
      Status: f.Status,
      AdditionalConfiguration: f.AdditionalConfiguration?.map((a) => ({ Name: a.Name, Status: a.Status })),
    })),
  };
}

/**
 * In a member account the administrator owns features and publishing frequency, and UpdateDetector fails
 * with an opaque 400. Ask first, so the message can name the account that can make the change.
 */
export async function memberOf(gd: GuardDuty, detectorId: string): Promise<string | undefined> {
  try {
    const admin = await gd.getAdministrator(detectorId);
    return admin && /^enabled$/i.test(admin.relationshipStatus) ? admin.accountId : undefined;
  } catch {
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

async function apply(gd: GuardDuty, plan: EnablePlan, result: WriteResult): Promise<void> {
  if (plan.action === 'create') {
    result.detectorId = await gd.createDetector(plan.request);
  } else if (plan.action === 'update') {
    await gd.updateDetector(plan.request);
  }
}
