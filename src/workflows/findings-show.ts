import type { Finding } from '@aws-sdk/client-guardduty';
import type { Report } from '../domain/report.js';
import { ExitCode, GdeksError } from '../errors.js';
import { forEachRegion } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/**
 * `gdeks findings show <id>`: the finding, looked up in the region given (with --regions, in each of them);
 * the first region that has it wins. Not found anywhere (and no region failed): a GdeksError, exit 1.
 */
export async function showFinding(run: AwsRun, findingId: string, serialize: (f: Finding, indent?: number) => string): Promise<Report<Finding>> {
  const outcomes = await forEachRegion(run.regions, async (region) => {
    const gd = await run.ports.guardDuty(region);
    const [finding] = await gd.getFindings(await detectorIdOf(gd), [findingId]);
    return finding;
  });
  for (const o of outcomes) {
    if (!o.ok || !o.value) continue;
    return { output: { view: o.value, document: o.value, lines: [o.value], serialize: serialize as (v: unknown, i?: number) => string }, messages: [], exitCode: ExitCode.ok };
  }
  const messages = regionErrors(outcomes);
  if (messages.length > 0) return { messages, exitCode: ExitCode.failure };
  const where = run.regions.length === 1 ? `region ${run.regions[0]}` : `regions ${run.regions.join(', ')}`;
  throw new GdeksError(`no finding with id ${findingId} in ${where}`, ExitCode.failure, {
    details: ['Finding ids are per region (pass --region); GuardDuty keeps findings for 90 days. List them with: gdeks findings list'],
  });
}
