import type { GuardDutyPort } from '../aws/ports.js';
import { planEnable, type EnableOptions, type EnablePlan } from '../domain/enable-plan.js';
import type { DesiredFeature } from '../domain/features.js';
import { suspendedError } from '../domain/suspended.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';
import { AwsError } from '../errors.js';
import { memberError, readDetectorAndAdministrator } from './detector.js';

export interface EnableRun extends EnableOptions {
  /** Plan only (--dry-run and --check). */
  dryRun: boolean;
}

/** Reads the region's detector, plans, and (unless dry-run) applies. Throws AwsError; the caller records it per region. */
export async function enableInRegion(gd: GuardDutyPort, desired: readonly DesiredFeature[], run: EnableRun): Promise<WriteResult> {
  const { detector: current, administrator } = await readDetectorAndAdministrator(gd);
  const plan = planEnable(current, desired, run);
  const result: WriteResult = {
    region: gd.region,
    detectorId: current?.detectorId ?? null,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged',
    dryRun: run.dryRun,
    changes: plan.changes,
    notes: plan.notes,
  };
  const member = plan.action === 'update' ? await administrator : undefined;
  if (member) return failedAfterPlan(result, memberError(gd.region, member));
  if (run.dryRun || plan.action === 'unchanged') return result;
  const suspended = plan.action === 'update' && plan.staysSuspended ? suspendedError(gd.region, plan.detectorId, 'run again with --resume to re-enable it') : undefined;
  // Only the Status row differs: without --resume there is nothing to write, and the run still fails.
  if (suspended && !plan.request.Features && !plan.request.FindingPublishingFrequency) return failedAfterPlan(result, suspended);
  try {
    await apply(gd, plan, result);
  } catch (e) {
    if (e instanceof AwsError) return failedAfterPlan(result, e);
    throw e;
  }
  result.notes = plan.appliedNotes;
  // Written, but the detector still monitors nothing: never a success (the action stays, the error says why).
  if (suspended) result.error = suspended;
  return result;
}

async function apply(gd: GuardDutyPort, plan: EnablePlan, result: WriteResult): Promise<void> {
  if (plan.action === 'create') {
    result.detectorId = await gd.createDetector(plan.request);
  } else if (plan.action === 'update') {
    await gd.updateDetector(plan.request);
  }
}
