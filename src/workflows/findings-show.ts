import type { Finding } from '@aws-sdk/client-guardduty';
import type { FindingRef } from '../domain/finding-refs.js';
import { details, error, type Report } from '../domain/report.js';
import { ExitCode, GdeksError } from '../errors.js';
import { forEachRegion } from './fanout.js';
import { lookUpRegion, notFoundOf, planLookup } from './finding-lookup.js';
import { regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/**
 * `gdeks findings show <id|prefix|arn>...`: the findings, in the order given. Plain ids and prefixes are looked
 * up in the run's regions (with --regions, in each: the first region that has it wins), an ARN in its own region.
 * `-o json`: one finding object when one argument was given (as before), else an array. Found nowhere (and no
 * region failed): exit 1, the ones found still shown.
 */
export async function showFindings(
  run: AwsRun,
  refs: readonly FindingRef[],
  options: { many: boolean; serialize: (value: unknown, indent?: number) => string },
): Promise<Report<Finding[]>> {
  const plan = await planLookup(run, refs, run.regions);
  const outcomes = await forEachRegion(plan.regions, (region) => lookUpRegion(run, plan, region));
  const byId = new Map<string, Finding>();
  for (const o of outcomes) if (o.ok) for (const f of o.value.found) if (f.Id !== undefined && !byId.has(f.Id)) byId.set(f.Id, f);
  const shown = refs.flatMap((ref) => {
    const id = plan.resolved.get(ref.given);
    const f = id === undefined ? undefined : byId.get(id);
    return f ? [f] : [];
  });
  const messages = regionErrors(outcomes);
  const failed = messages.length > 0;
  const notFound = failed ? [] : notFoundOf(plan, new Set(outcomes.flatMap((o) => (o.ok ? o.value.found.map((f) => `${o.region}/${f.Id}`) : []))));
  if (shown.length === 0 && !failed) {
    const where = run.regions.length === 1 ? `region ${run.regions[0]}` : `regions ${run.regions.join(', ')}`;
    const what = notFound.length === 1 ? `no finding with id ${notFound[0]}` : `none of the ${notFound.length} findings`;
    throw new GdeksError(`${what} in ${refs.every((r) => r.kind === 'arn') ? 'its region' : where}`, ExitCode.failure, {
      details: ['Finding ids are per region (pass --region, or the finding ARN); GuardDuty keeps findings for 90 days. List them with: gdeks findings list'],
    });
  }
  if (notFound.length > 0) {
    messages.push(error(`${notFound.length} finding${notFound.length === 1 ? '' : 's'} not found: ${notFound.join(', ')}`));
    messages.push(...details(['Finding ids are per region (pass --region or --regions, or the finding ARN).']));
  }
  const output = shown.length === 0 ? undefined : { view: shown, document: options.many ? shown : shown[0], lines: shown, serialize: options.serialize };
  return { ...(output ? { output } : {}), messages, exitCode: failed || notFound.length > 0 ? ExitCode.failure : ExitCode.ok };
}
