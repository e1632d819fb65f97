import { emit } from '../output/emit.js';
import { renderCsv } from '../output/csv.js';
import { orgUsageCsv, orgUsageMarkdown, usageCsv, usageMarkdown } from '../output/usage-records.js';
import { renderOrgUsageText, renderUsageText } from '../output/usage-table.js';
import { readOrganizationUsage } from '../workflows/usage-organization.js';
import { readUsage } from '../workflows/usage.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** `gdeks usage`: what EKS Protection cost over the last 30 days, per feature and per cluster (or per member account). */
export async function runUsage(ctx: Ctx, flags: { organization?: boolean }): Promise<number> {
  if (flags.organization) {
    const report = await readOrganizationUsage(await awsRun(ctx, { needsDetector: true }));
    return emit(ctx.io, ctx.globals.output, report, { table: (view, { color, columns }) => renderOrgUsageText(view, color, { width: columns }), csv: (view) => renderCsv(orgUsageCsv(view)), markdown: orgUsageMarkdown });
  }
  const report = await readUsage(await awsRun(ctx));
  return emit(ctx.io, ctx.globals.output, report, { table: (view, { color, columns }) => renderUsageText(view, color, { width: columns }), csv: (view) => renderCsv(usageCsv(view)), markdown: usageMarkdown });
}
