import { noDetectorError } from '../aws/errors.js';
import type { GuardDutyPort } from '../aws/ports.js';
import { AwsError } from '../errors.js';
import {
  destinationAdvice,
  planDestination,
  type CurrentDestination,
  type DesiredDestination,
  type DestinationResult,
  type DestinationState,
} from '../domain/destination-plan.js';
import { readDetector } from './detector.js';
import { isSuspended, RESUME_CHANGE, RESUME_WITH_ENABLE, suspendedError, suspendedNote } from '../domain/suspended.js';
import { failedAfterPlan } from '../domain/write-result.js';

/**
 * `gdeks export-destination s3` in one region: create the detector's S3 destination, repoint it when the
 * bucket or key differs, or leave it alone; then report its publishing status. Throws AwsError.
 */
export async function exportDestinationInRegion(gd: GuardDutyPort, desired: DesiredDestination, dryRun: boolean): Promise<DestinationResult> {
  const detector = await readDetector(gd);
  if (!detector) throw noDetectorError(gd.region);
  const { detectorId } = detector;
  const listed = await gd.listPublishingDestinations(detectorId);
  const current = await Promise.all(listed.map(async (d) => ({ ...d, ...(await gd.describePublishingDestination(detectorId, d.destinationId)) })));
  const plan = planDestination(current, desired);
  if (plan.action === 'ambiguous') {
    throw new AwsError(
      `${gd.region}: detector ${detectorId} has ${plan.destinations.length} S3 publishing destinations and none is ${desired.destinationArn} with that key; ` +
        'gdeks will not guess which one to repoint',
      {
        code: 'AmbiguousDestination',
        region: gd.region,
        operation: 'ListPublishingDestinations',
        details: plan.destinations.map((d) => `${d.destinationId}: ${d.destinationArn ?? '?'} (key ${d.kmsKeyArn ?? 'none'}, ${d.status ?? 'unknown'})`),
      },
    );
  }
  const suspended = isSuspended(detector.status);
  const result: DestinationResult = {
    region: gd.region,
    detectorId,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged',
    dryRun,
    // A suspended detector exports nothing: drift for --check, and a failed run otherwise.
    changes: [...(suspended ? [{ ...RESUME_CHANGE }] : []), ...plan.changes],
    notes: [],
    destination: plan.action === 'create' ? null : stateOf(plan.destination),
  };
  if (!dryRun && plan.action !== 'unchanged') {
    let id: string;
    try {
      if (plan.action === 'create') id = await gd.createPublishingDestination(detectorId, plan.request.DestinationProperties);
      else {
        id = plan.request.DestinationId;
        await gd.updatePublishingDestination(detectorId, id, plan.request.DestinationProperties);
      }
    } catch (e) {
      if (e instanceof AwsError) return failedAfterPlan(result, e);
      throw e;
    }
    // Written: a failure to read the new status must not hide that (the action stays created/updated).
    try {
      result.destination = stateOf(await gd.describePublishingDestination(detectorId, id));
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      result.destination = null;
      result.error = { code: e.code, message: e.message };
      if (e.details.length > 0) result.errorDetails = e.details;
      return result;
    }
  }
  // A dry run reports the status of what exists now; it says nothing about the bucket that would replace it.
  if (result.destination && !(dryRun && plan.action === 'update')) {
    const advice = destinationAdvice(result.destination.status, result.destination.failingSince);
    if (advice.severity === 'fail') result.error = { code: 'UnableToPublish', message: `${gd.region}: ${advice.text}` };
    else if (advice.severity !== 'ok') result.notes.push(advice.text);
  }
  if (suspended) {
    const still = suspendedError(gd.region, detectorId, RESUME_WITH_ENABLE);
    if (dryRun || result.error) result.notes.push(suspendedNote(detectorId, RESUME_WITH_ENABLE));
    else if (plan.action === 'unchanged') return failedAfterPlan(result, still);
    else result.error = still;
  }
  return result;
}

function stateOf(d: CurrentDestination): DestinationState {
  return {
    destinationId: d.destinationId,
    destinationType: d.destinationType ?? 'S3',
    destinationArn: d.destinationArn ?? null,
    kmsKeyArn: d.kmsKeyArn ?? null,
    status: d.status ?? null,
    failingSince: d.publishingFailureStartTimestamp ? new Date(d.publishingFailureStartTimestamp).toISOString() : null,
  };
}
