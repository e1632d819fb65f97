import { emit } from '../output/emit.js';
import { renderFindingDetail } from '../output/findings-show.js';
import { findingJson } from '../output/findings-stream.js';
import { showFindings } from '../workflows/findings-show.js';
import type { Ctx } from './context.js';
import { findingsRun, readFindingRefs } from './findings-common.js';

/**
 * `gdeks findings show <id...>`: findings in full, by id, unique id prefix or ARN, or `-` for ids on stdin
 * (`-o json`: the SDK's Finding object, as `aws guardduty get-findings` prints it; an array for several).
 */
export async function runFindingsShow(ctx: Ctx, args: string[]): Promise<number> {
  const refs = await readFindingRefs(ctx, args);
  const many = args.length > 1 || args.includes('-');
  const report = await showFindings(await findingsRun(ctx, refs), refs, { many, serialize: (v, i) => findingJson(v as never, i) });
  return emit(ctx.io, ctx.globals.output, report, (findings, { color, now }) => findings.map((f) => renderFindingDetail(f, color, now)).join('\n'));
}
