import { emit } from '../output/emit.js';
import { renderOrgStatusText } from '../output/org-status.js';
import { readOrganizationStatus } from '../workflows/status-organization.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { clusterFlag, type StatusFlags } from './status-flags.js';

/** `gdeks status --organization`, from the delegated administrator: every member account's EKS protection. */
export async function runStatusOrganization(ctx: Ctx, flags: StatusFlags): Promise<number> {
  const only = clusterFlag(flags.cluster);
  const report = await readOrganizationStatus(await awsRun(ctx), only, flags.failUnprotected === true);
  return emit(ctx.io, ctx.globals.output, report, (view, { color, columns }) => renderOrgStatusText(view.reports, color, { cluster: view.cluster, width: columns }));
}
