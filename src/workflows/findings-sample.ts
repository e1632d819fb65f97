import type { Report } from '../domain/report.js';
import { ExitCode } from '../errors.js';
import type { SampleView } from '../output/findings-sample.js';
import { forEachRegion } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/**
 * `gdeks findings sample`: CreateSampleFindings for the given types in every region, in calls of at most 50
 * types, so an alerting pipeline (EventBridge rule, SIEM) can be tested end to end.
 */
export async function createSamples(run: AwsRun, types: string[]): Promise<Report<SampleView>> {
  const outcomes = await forEachRegion(run.regions, async (region) => {
    const gd = await run.ports.guardDuty(region);
    const detectorId = await detectorIdOf(gd);
    return { detectorId, requested: await gd.createSampleFindings(detectorId, types) };
  });
  const results = outcomes.map((o) =>
    o.ok
      ? { region: o.region, detectorId: o.value.detectorId, requested: o.value.requested, types }
      : { region: o.region, detectorId: null, requested: 0, types, error: { code: o.error.code, message: o.error.message } },
  );
  const messages = regionErrors(outcomes);
  return { output: { view: { requested: outcomes.flatMap((o) => (o.ok ? [{ region: o.region, ...o.value }] : [])) }, document: { results }, lines: results }, messages, exitCode: messages.length > 0 ? ExitCode.failure : ExitCode.ok };
}
