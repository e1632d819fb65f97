import { emit } from '../output/emit.js';
import { renderCsv } from '../output/csv.js';
import { statusCsv, statusMarkdown } from '../output/status-records.js';
import { renderStatusText } from '../output/status-table.js';
import { readStatus } from '../workflows/status.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { clusterFlag, verdictFlag, type StatusFlags } from './status-flags.js';

/** `gdeks status`: each region's detector and EKS features, and every EKS cluster's protection. */
export async function runStatus(ctx: Ctx, flags: StatusFlags): Promise<number> {
  // The delegated administrator's view of its member accounts: src/commands/status-organization.ts.
  if (flags.organization) return (await import('./status-organization.js')).runStatusOrganization(ctx, flags);
  verdictFlag(flags.verdict, false);
  const only = clusterFlag(flags.cluster);
  const report = await readStatus(await awsRun(ctx), only, flags.failUnprotected === true);
  return emit(ctx.io, ctx.globals.output, report, {
    table: (view, { color, columns }) => renderStatusText(view.reports, color, { cluster: view.cluster, width: columns }),
    csv: (view) => renderCsv(statusCsv(view.reports)),
    markdown: (view) => statusMarkdown(view.reports),
  });
}
