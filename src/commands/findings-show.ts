import { emit } from '../output/emit.js';
import { renderFindingDetail } from '../output/findings-show.js';
import { findingJson } from '../output/findings-stream.js';
import { showFinding } from '../workflows/findings-show.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { parseFindingIds } from './findings-common.js';

/**
 * `gdeks findings show <id>`: the finding in full (`-o json`: the SDK's Finding object, as `aws guardduty
 * get-findings` prints it).
 */
export async function runFindingsShow(ctx: Ctx, id: string): Promise<number> {
  const [findingId] = parseFindingIds([id]) as [string];
  const report = await showFinding(await awsRun(ctx, { needsDetector: true }), findingId, findingJson);
  return emit(ctx.io, ctx.globals.output, report, (finding, { color, now }) => renderFindingDetail(finding, color, now));
}
