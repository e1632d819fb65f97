import { GuardDuty } from '../aws/guardduty.js';
import { detectorIdOf, getFindingsInOrder } from '../aws/guardduty-findings.js';
import type { Ctx } from './context.js';
import { forEachRegion } from '../workflows/fanout.js';
import { ExitCode, GdeksError } from '../errors.js';
import { renderFindingDetail } from '../output/findings-show.js';
import { findingJson } from '../output/findings-stream.js';
import { findingsTarget, parseFindingIds, reportRegionErrors } from './findings-common.js';

/**
 * `gdeks findings show <id>`: the finding in full (`-o json`: the SDK's Finding object, as `aws guardduty
 * get-findings` prints it). Looked up in the region given (with --regions, in each of them).
 */
export async function runFindingsShow(ctx: Ctx, id: string): Promise<number> {
  const { io, globals } = ctx;
  const [findingId] = parseFindingIds([id]) as [string];
  const { settings, regions } = await findingsTarget(ctx);
  const outcomes = await forEachRegion(regions, async (region) => {
    const gd = await GuardDuty.open(settings, region, ctx.signal);
    const [finding] = await getFindingsInOrder(gd, await detectorIdOf(gd), [findingId]);
    return finding;
  });
  for (const o of outcomes) {
    if (!o.ok || !o.value) continue;
    const f = o.value;
    if (globals.output === 'json') io.out(`${findingJson(f, 2)}\n`);
    else if (globals.output === 'ndjson') io.out(`${findingJson(f)}\n`);
    else io.out(renderFindingDetail(f, io.color, Date.now()));
    return ExitCode.ok;
  }
  if (reportRegionErrors(outcomes, io)) return ExitCode.failure;
  const where = regions.length === 1 ? `region ${regions[0]}` : `regions ${regions.join(', ')}`;
  throw new GdeksError(`no finding with id ${findingId} in ${where}`, ExitCode.failure, {
    details: ['Finding ids are per region (pass --region); GuardDuty keeps findings for 90 days. List them with: gdeks findings list'],
  });
}
