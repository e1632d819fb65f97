import { emitPaced } from '../output/emit.js';
import { renderOrgStatusText } from '../output/org-status.js';
import { count, progressLine } from '../output/progress.js';
import { renderCsv } from '../output/csv.js';
import { orgStatusCsv, orgStatusMarkdown } from '../output/status-records.js';
import { readOrganizationStatus } from '../workflows/status-organization.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { clusterFlag, verdictFlag, type StatusFlags } from './status-flags.js';

/** `gdeks status --organization`, from the delegated administrator: every member account's EKS protection. */
export async function runStatusOrganization(ctx: Ctx, flags: StatusFlags): Promise<number> {
  const only = clusterFlag(flags.cluster);
  const verdicts = verdictFlag(flags.verdict, true);
  // A big organization takes a while (ListMembers gives 50 members a page): say how far it has got.
  const read = { members: 0, coverage: 0, detectors: 0 };
  const progress = progressLine(
    ctx.io,
    ctx.globals.output,
    () => `members ${count(read.members)} listed, ${count(read.detectors)} detectors read, coverage ${count(read.coverage)} clusters…`,
  );
  let report;
  try {
    report = await readOrganizationStatus(await awsRun(ctx, { needsDetector: true }), only, flags.failUnprotected === true, {
      ...(verdicts ? { verdicts } : {}),
      progress: (step) => {
        read.members += step.members ?? 0;
        read.coverage += step.coverage ?? 0;
        read.detectors += step.detectors ?? 0;
        progress.update();
      },
    });
  } finally {
    progress.stop();
  }
  return emitPaced(ctx.io, ctx.globals.output, report, {
    table: (view, { color, columns }) =>
      renderOrgStatusText(view.reports, color, { cluster: view.cluster, width: columns, ...(view.verdicts ? { verdicts: view.verdicts } : {}) }),
    csv: (view) => renderCsv(orgStatusCsv(view.reports)),
    markdown: (view) => orgStatusMarkdown(view.reports),
  });
}
