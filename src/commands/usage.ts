import { emit } from '../output/emit.js';
import { renderOrgUsageText, renderUsageText } from '../output/usage-table.js';
import { readOrganizationUsage } from '../workflows/usage-organization.js';
import { readUsage } from '../workflows/usage.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** `gdeks usage`: what EKS Protection cost over the last 30 days, per feature and per cluster (or per member account). */
export async function runUsage(ctx: Ctx, flags: { organization?: boolean }): Promise<number> {
  if (flags.organization) {
    const report = await readOrganizationUsage(await awsRun(ctx, { needsDetector: true }));
    return emit(ctx.io, ctx.globals.output, report, (view, { color }) => renderOrgUsageText(view, color));
  }
  const report = await readUsage(await awsRun(ctx));
  return emit(ctx.io, ctx.globals.output, report, (view, { color }) => renderUsageText(view, color));
}
