import type { ChalkInstance } from 'chalk';
import type { MemberReport, MemberVerdict, OrgRegionStatus } from '../domain/org-status.js';
import { sanitize } from '../text/sanitize.js';
import { columnsThatFit, fitLines } from './fit-width.js';
import { renderTable } from './table.js';

const LABEL: Record<MemberVerdict, string> = { protected: 'protected', degraded: 'degraded', 'not-protected': 'NOT PROTECTED', unknown: 'unknown' };

function verdict(color: ChalkInstance, v: MemberVerdict): string {
  if (v === 'protected') return color.green(LABEL[v]);
  if (v === 'degraded') return color.yellow(LABEL[v]);
  if (v === 'not-protected') return color.red.bold(LABEL[v]);
  return color.magenta(LABEL[v]);
}

function feature(color: ChalkInstance, m: MemberReport, names: readonly string[]): string {
  if (!m.features) return color.dim('-');
  const on = m.features.find((f) => names.includes(f.name) && f.status === 'ENABLED');
  if (on) return color.green(names.length > 1 ? on.name.replace('_MONITORING', '').replace('EKS_RUNTIME', 'EKS') : 'on');
  return color.yellow('off');
}

function addon(color: ChalkInstance, m: MemberReport): string {
  const runtime = m.features?.filter((f) => (f.name === 'RUNTIME_MONITORING' || f.name === 'EKS_RUNTIME_MONITORING') && f.status === 'ENABLED') ?? [];
  if (runtime.length === 0) return color.dim('-');
  return runtime.some((f) => f.eksAddonManagement === 'ENABLED') ? color.green('managed') : color.yellow('manual');
}

function clusters(color: ChalkInstance, m: MemberReport): string {
  if (m.clusters === null) return color.dim('?');
  if (m.clusters.length === 0) return color.dim('0');
  const ok = m.clusters.filter((c) => c.coverageStatus === 'HEALTHY' && (c.coveredNodes === null || c.compatibleNodes === null || c.coveredNodes >= c.compatibleNodes)).length;
  const text = `${ok}/${m.clusters.length} healthy`;
  return ok === m.clusters.length ? text : color.yellow(text);
}

/**
 * The organization per region: its auto-enable settings, one row per member, and the counts. Pure. With
 * `cluster` (--cluster), the rows and counts are the members with a covered cluster of that name.
 */
export function renderOrgStatusText(reports: readonly OrgRegionStatus[], color: ChalkInstance, options: { cluster?: string | undefined; width?: number | undefined } = {}): string {
  const named = options.cluster === undefined ? undefined : sanitize(options.cluster);
  const out: string[] = [];
  for (const r of reports) {
    const head = `${color.bold(r.region)}${r.detectorId ? color.dim(`  administrator detector ${r.detectorId}`) : ''}`;
    if (r.error) {
      out.push(head, `  ${color.red(`✗ ${r.error.code}`)}`, '');
      continue;
    }
    out.push(head);
    const o = r.organization;
    if (o) {
      const levels = o.features.filter((f) => f.autoEnable !== null).map((f) => `${f.name} ${f.autoEnable}${f.eksAddonManagement ? ` (add-on ${f.eksAddonManagement})` : ''}`);
      out.push(`  auto-enable: members ${o.autoEnableOrganizationMembers ?? 'not set'}${levels.length ? `; ${levels.join(', ')}` : ''}`);
    }
    const s = r.summary;
    const plural = (n: number) => `${n} member${n === 1 ? '' : 's'}`;
    if (r.members.length === 0) {
      // With --cluster, an empty list says nothing about how many members there are.
      if (named === undefined || r.allMembers === 0) out.push(color.dim('  no member accounts'));
      else if (r.problems.some((p) => p.action === 'guardduty:ListCoverage')) {
        out.push(color.dim(`  GuardDuty's coverage could not be read: which of the ${plural(r.allMembers)} have a cluster named ${named} is unknown`));
      } else out.push(color.dim(`  no member account has a covered EKS cluster named ${named} (${plural(r.allMembers)})`));
      out.push('');
      continue;
    }
    const rows = r.members.map((m) => [
      m.accountId,
      sanitize(m.relationshipStatus),
      feature(color, m, ['EKS_AUDIT_LOGS']),
      feature(color, m, ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']),
      addon(color, m),
      clusters(color, m),
      verdict(color, m.verdict),
      sanitize(m.reason),
    ]);
    const headers = ['ACCOUNT', 'RELATIONSHIP', 'AUDIT LOGS', 'RUNTIME', 'AGENT', 'CLUSTERS', 'VERDICT', 'WHY'];
    // Too wide for the terminal: the reasons go below the table (wrapped), then the least telling columns go.
    const keep = columnsThatFit(headers, rows, options.width, 2, ['WHY', 'RELATIONSHIP', 'AGENT', 'CLUSTERS']);
    const table = renderTable(keep.map((i) => headers[i] as string), rows.map((row) => keep.map((i) => row[i] as string)), color);
    out.push(...table.trimEnd().split('\n').map((line) => `  ${line}`));
    if (!keep.includes(headers.indexOf('WHY'))) {
      for (const m of r.members) if (m.verdict !== 'protected') out.push(`  ${m.accountId}  ${verdict(color, m.verdict)}: ${sanitize(m.reason)}`);
    }
    const counted = named === undefined ? plural(s.members) : `${s.members} of ${plural(r.allMembers)} with a covered cluster named ${named}`;
    out.push(
      `  ${counted} (${s.enabled} enabled): ` +
        `${color.green(`${s.protected} protected`)}, ${color.yellow(`${s.degraded} degraded`)}, ${color.red(`${s.notProtected} not protected`)}` +
        `${s.unknown ? `, ${color.magenta(`${s.unknown} unknown`)}` : ''}; ${s.healthyClusters}/${s.clusters} covered clusters healthy`,
      '',
    );
  }
  return `${fitLines(out, options.width).join('\n').trimEnd()}\n`;
}
