import type { ChalkInstance } from 'chalk';
import { isUnknown, UNIT, type FeatureUsage, type Money, type OrgRegionUsage, type RegionUsage, type Unknown, type UsageTotal } from '../domain/usage-model.js';
import { sanitize } from '../text/sanitize.js';
import { colorVerdict } from './status-table.js';
import { renderTable } from './table.js';

/** An amount as GuardDuty gave it; the unit only when it is not the USD the headers name. */
function amount(color: ChalkInstance, m: Money | null | Unknown | undefined): string {
  if (m === null || m === undefined) return color.dim('-');
  if (isUnknown(m)) return color.magenta('?');
  return `${sanitize(m.amount)}${m.unit === UNIT ? '' : ` ${sanitize(m.unit)}`}`;
}

function trialCell(color: ChalkInstance, d: number | null | Unknown): string {
  if (d === null) return color.dim('-');
  if (isUnknown(d)) return color.magenta('?');
  return d === 0 ? 'ended' : color.cyan(`${d} day${d === 1 ? '' : 's'} left`);
}

/** The detector features the usage belongs to: those on now, or (none on) every candidate, dimmed. */
function belongsTo(color: ChalkInstance, f: FeatureUsage): string {
  const on = f.detectorFeatures.filter((d) => d.status === 'ENABLED').map((d) => d.name);
  return on.length ? on.join(', ') : color.dim(`${f.detectorFeatures.map((d) => d.name).join(' / ')} (off)`);
}

/** An estimate; "≥" when it is a lower bound (a feature turned on within the 30 days). */
const estimate = (color: ChalkInstance, m: Money | null, lowerBound: boolean) => (m && lowerBound ? `≥ ${amount(color, m)}` : amount(color, m));

const indent = (text: string) => text.trimEnd().split('\n').map((l) => `  ${l}`);

/** `gdeks usage`: per region the EKS features' cost, then the clusters, most expensive first. */
export function renderUsageText(view: { regions: readonly RegionUsage[]; total: UsageTotal | null }, color: ChalkInstance): string {
  const parts = view.regions.map((r) => renderRegion(r, color));
  if (view.total) parts.push(renderTotal(view.total, color));
  return parts.join('\n');
}

function renderRegion(r: RegionUsage, color: ChalkInstance): string {
  const head = color.bold(r.region);
  if (r.error) return `${head}  ${color.red(`✗ could not be read: ${sanitize(r.error.message)}`)}\n`;
  if (r.detectorId === null) return `${head}  ${color.dim('no detector: GuardDuty is off in this region')}\n`;
  const lines: string[] = [];
  const basis = r.days === null ? '' : r.days < 30 ? color.yellow(`  (the detector is ${r.days} days old)`) : '';
  lines.push(`${head}  account ${sanitize(r.accountId ?? 'unknown')}  detector ${sanitize(r.detectorId)}  last 30 days, USD${basis}`);
  lines.push(`  all GuardDuty features  ${amount(color, r.total)}`);
  const perMonth = r.monthlyEstimate
    ? `   per 30 days ≈ ${estimate(color, r.monthlyEstimate, r.monthlyEstimateIsLowerBound)}${r.days !== null && r.days < 30 ? color.dim(` (from ${r.days} days)`) : ''}`
    : '';
  lines.push(`  EKS features            ${amount(color, r.eks)}${perMonth}`, '');
  const rows = r.features.map((f) => [
    f.feature,
    belongsTo(color, f),
    amount(color, f.cost),
    estimate(color, f.estimate, f.estimateIsLowerBound),
    trialCell(color, f.freeTrialDaysRemaining),
  ]);
  lines.push(...indent(renderTable(['USAGE FEATURE', 'DETECTOR FEATURE', '30 DAYS', 'PER 30 DAYS', 'FREE TRIAL'], rows, color)), '');

  if (r.clusters.length === 0) lines.push(color.dim('  no EKS clusters and no per-cluster usage'));
  else {
    const clusterRows = r.clusters.map((c) => [
      sanitize(c.name),
      c.verdict === null ? color.dim('not in EKS now') : colorVerdict(color, c.verdict, true),
      sanitize(c.coverageStatus ?? '-'),
      c.coveredNodes === null && c.compatibleNodes === null ? '-' : `${c.coveredNodes ?? '-'}/${c.compatibleNodes ?? '-'}`,
      amount(color, c.costs.EKS_AUDIT_LOGS),
      amount(color, c.costs.EKS_RUNTIME_MONITORING),
      amount(color, c.cost),
      c.attention ? color.red.bold(`← ${c.attention}`) : '',
    ]);
    lines.push(...indent(renderTable(['CLUSTER', 'VERDICT', 'COVERAGE', 'NODES', 'AUDIT LOGS', 'RUNTIME', 'EKS TOTAL', ''], clusterRows, color)));
    const paying = r.clusters.filter((c) => c.attention);
    if (paying.length) {
      lines.push('', `  ${color.red.bold(`${paying.length} cluster${paying.length === 1 ? ' costs' : 's cost'} money without full runtime protection`)} ${color.dim('(gdeks status says why and how to fix it)')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderTotal(t: UsageTotal, color: ChalkInstance): string {
  const rows: Array<[string, Money | null, string]> = [
    ['all GuardDuty features', t.total, ''],
    ['EKS features', t.eks, t.monthlyEstimate ? `per 30 days ≈ ${estimate(color, t.monthlyEstimate, t.monthlyEstimateIsLowerBound)}` : ''],
    ...t.features.map((f): [string, Money | null, string] => [f.feature, f.cost, f.estimate ? `per 30 days ≈ ${amount(color, f.estimate)}` : '']),
  ];
  const table = renderTable(['ALL REGIONS', '30 DAYS', ''], rows.map(([label, cost, est]) => [label, amount(color, cost), est]), color);
  const lines = [`${color.bold(`all regions (${t.regions.join(', ')})`)}  last 30 days, USD`, ...indent(table)];
  if (t.incomplete.length) lines.push(color.yellow(`  incomplete: ${t.incomplete.join(', ')} could not be read in full and count only with what was read`));
  return `${lines.join('\n')}\n`;
}

/** `gdeks usage --organization`: per region the organization's EKS cost, then every account, largest first. */
export function renderOrgUsageText(view: { regions: readonly OrgRegionUsage[]; total: UsageTotal | null }, color: ChalkInstance): string {
  const parts = view.regions.map((r) => renderOrgRegion(r, color));
  if (view.total) parts.push(renderTotal(view.total, color));
  return parts.join('\n');
}

function renderOrgRegion(r: OrgRegionUsage, color: ChalkInstance): string {
  const head = color.bold(r.region);
  if (r.error) return `${head}  ${color.red(`✗ could not be read: ${sanitize(r.error.message)}`)}\n`;
  const lines = [`${head}  organization of ${sanitize(r.accountId ?? 'this account')}  detector ${sanitize(r.detectorId ?? '-')}  last 30 days, USD`];
  lines.push(`  all GuardDuty features  ${amount(color, r.total)}`);
  lines.push(`  EKS features            ${amount(color, r.eks)}  (${r.features.map((f) => `${f.feature} ${amount(color, f.cost)}`).join(', ')})`, '');
  if (r.accounts.length === 0) lines.push(color.dim('  no account reports usage'));
  else {
    const rows = r.accounts.map((a) => {
      const trial = a.freeTrialDaysRemaining;
      return [
        sanitize(a.accountId),
        a.role === null ? color.dim('-') : sanitize(a.role),
        amount(color, a.costs.EKS_AUDIT_LOGS),
        amount(color, a.costs.EKS_RUNTIME_MONITORING),
        amount(color, a.eks),
        amount(color, a.total),
        isUnknown(trial) ? color.magenta('?') : `${trialCell(color, trial.EKS_AUDIT_LOGS)} / ${trialCell(color, trial.EKS_RUNTIME_MONITORING)}`,
      ];
    });
    lines.push(...indent(renderTable(['ACCOUNT', 'ROLE', 'AUDIT LOGS', 'RUNTIME', 'EKS TOTAL', 'ALL FEATURES', 'FREE TRIAL (AUDIT / RUNTIME)'], rows, color)));
  }
  return `${lines.join('\n')}\n`;
}
