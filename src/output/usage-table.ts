import type { ChalkInstance } from 'chalk';
import { isUnknown, UNIT, type FeatureUsage, type Money, type OrgRegionUsage, type RegionUsage, type Unknown, type UsageTotal } from '../domain/usage-model.js';
import { sanitize } from '../text/sanitize.js';
import { fitTable, type Cell, type FitColumn, type FitStep } from './fit-table.js';
import { fitLines, fitParts, Whole } from './fit-width.js';
import { colorVerdict } from './status-table.js';

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

/** The detector features the usage belongs to: those on now, or (none on) every candidate, dimmed; "(off)" survives a cut. */
function belongsTo(color: ChalkInstance, f: FeatureUsage): Cell {
  const on = f.detectorFeatures.filter((d) => d.status === 'ENABLED').map((d) => d.name);
  return on.length ? { text: on.join(', ') } : { text: `${f.detectorFeatures.map((d) => d.name).join(' / ')} (off)`, paint: color.dim, keepEnd: ' (off)' };
}

/** An estimate; "≥" when it is a lower bound (a feature turned on within the 30 days). */
const estimate = (color: ChalkInstance, m: Money | null, lowerBound: boolean) => (m && lowerBound ? `≥ ${amount(color, m)}` : amount(color, m));

/**
 * How each table gives up width on a narrow terminal, in order, until it fits: text columns are shortened (with
 * an ellipsis) or left out; the amounts (30 DAYS, PER 30 DAYS, AUDIT LOGS, RUNTIME, EKS TOTAL, ALL FEATURES) are
 * in no step, so they are always shown whole, as are the usage feature names, cluster verdicts and account ids.
 */
const FEATURE_STEPS: readonly FitStep[] = [{ shorten: 'DETECTOR FEATURE', to: 16 }, { drop: 'FREE TRIAL' }];
/** The mark (why a cluster's cost stands out) is also summed up under the table; COVERAGE and NODES are status's detail. */
const CLUSTER_STEPS: readonly FitStep[] = [
  { shorten: 'CLUSTER', to: 24 },
  { shorten: 'attention', to: 32 },
  { drop: 'COVERAGE' },
  { shorten: 'CLUSTER', to: 16 },
  { drop: 'NODES' },
  { shorten: 'attention', to: 16 },
  { shorten: 'CLUSTER', to: 10 },
];
const ACCOUNT_STEPS: readonly FitStep[] = [{ drop: 'FREE TRIAL (AUDIT / RUNTIME)' }, { shorten: 'ROLE', to: 8 }];

const columns = (...headers: string[]): FitColumn[] => headers.map((header) => ({ key: header || 'attention', header }));

interface UsageTextOptions {
  /** The terminal's width (or COLUMNS): tables give up text columns (the steps above) and lines wrap to fit. */
  width?: number | undefined;
}

/** A table's lines, each kept whole (never wrapped at its spaces, which would break its columns). */
const table = (lines: string[]) => lines.map((l) => new Whole(l));

/** `gdeks usage`: per region the EKS features' cost, then the clusters, most expensive first. */
export function renderUsageText(view: { regions: readonly RegionUsage[]; total: UsageTotal | null }, color: ChalkInstance, options: UsageTextOptions = {}): string {
  const parts = view.regions.map((r) => fitted(renderRegion(r, color, options), options));
  if (view.total) parts.push(fitted(renderTotal(view.total, color, options.width), options));
  return parts.join('\n');
}

const fitted = (lines: ReadonlyArray<string | Whole>, options: UsageTextOptions) => `${fitLines(lines, options.width).join('\n')}\n`;

function renderRegion(r: RegionUsage, color: ChalkInstance, options: UsageTextOptions): Array<string | Whole> {
  const head = color.bold(r.region);
  if (r.error) return [`${head}  ${color.red(`✗ could not be read: ${sanitize(r.error.message)}`)}`];
  if (r.detectorId === null) return [`${head}  ${color.dim('no detector: GuardDuty is off in this region')}`];
  const lines: Array<string | Whole> = [];
  const young = r.days !== null && r.days < 30 ? `(the detector is ${r.days} days old)` : '';
  const basis = young ? color.yellow(`  ${young}`) : '';
  const heading = [head, `account ${sanitize(r.accountId ?? 'unknown')}`, `detector ${sanitize(r.detectorId)}`, 'last 30 days, USD'];
  lines.push(...fitParts(`${heading.join('  ')}${basis}`, young ? [...heading, color.yellow(young)] : heading, options.width));
  lines.push(`  all GuardDuty features  ${amount(color, r.total)}`);
  const perMonth = r.monthlyEstimate
    ? `   per 30 days ≈ ${estimate(color, r.monthlyEstimate, r.monthlyEstimateIsLowerBound)}${r.days !== null && r.days < 30 ? color.dim(` (from ${r.days} days)`) : ''}`
    : '';
  lines.push(`  EKS features            ${amount(color, r.eks)}${perMonth}`, '');
  const rows = r.features.map((f): Cell[] => [
    f.feature,
    belongsTo(color, f),
    amount(color, f.cost),
    estimate(color, f.estimate, f.estimateIsLowerBound),
    trialCell(color, f.freeTrialDaysRemaining),
  ]);
  const featureColumns = columns('USAGE FEATURE', 'DETECTOR FEATURE', '30 DAYS', 'PER 30 DAYS', 'FREE TRIAL');
  lines.push(...table(fitTable(featureColumns, rows, color, { width: options.width, indent: 2, steps: FEATURE_STEPS })), '');

  if (r.clusters.length === 0) lines.push(color.dim('  no EKS clusters and no per-cluster usage'));
  else {
    const clusterRows = r.clusters.map((c): Cell[] => [
      { text: sanitize(c.name) },
      c.verdict === null ? color.dim('not in EKS now') : colorVerdict(color, c.verdict),
      { text: sanitize(c.coverageStatus ?? '-') },
      c.coveredNodes === null && c.compatibleNodes === null ? '-' : `${c.coveredNodes ?? '-'}/${c.compatibleNodes ?? '-'}`,
      amount(color, c.costs.EKS_AUDIT_LOGS),
      amount(color, c.costs.EKS_RUNTIME_MONITORING),
      amount(color, c.cost),
      c.attention ? { text: `← ${c.attention}`, paint: color.red.bold } : '',
    ]);
    const clusterColumns = columns('CLUSTER', 'VERDICT', 'COVERAGE', 'NODES', 'AUDIT LOGS', 'RUNTIME', 'EKS TOTAL', '');
    lines.push(...table(fitTable(clusterColumns, clusterRows, color, { width: options.width, indent: 2, steps: CLUSTER_STEPS })));
    const paying = r.clusters.filter((c) => c.attention);
    if (paying.length) {
      lines.push('', `  ${color.red.bold(`${paying.length} cluster${paying.length === 1 ? ' costs' : 's cost'} money without full runtime protection`)} ${color.dim('(gdeks status says why and how to fix it)')}`);
    }
  }
  return lines;
}

function renderTotal(t: UsageTotal, color: ChalkInstance, width: number | undefined): Array<string | Whole> {
  const rows: Array<[string, Money | null, string]> = [
    ['all GuardDuty features', t.total, ''],
    ['EKS features', t.eks, t.monthlyEstimate ? `per 30 days ≈ ${estimate(color, t.monthlyEstimate, t.monthlyEstimateIsLowerBound)}` : ''],
    ...t.features.map((f): [string, Money | null, string] => [f.feature, f.cost, f.estimate ? `per 30 days ≈ ${amount(color, f.estimate)}` : '']),
  ];
  const totals = fitTable(columns('ALL REGIONS', '30 DAYS', ''), rows.map(([label, cost, est]) => [label, amount(color, cost), est]), color, { indent: 2, steps: [] });
  const heading = [color.bold(`all regions (${t.regions.join(', ')})`), 'last 30 days, USD'];
  const lines: Array<string | Whole> = [...fitParts(heading.join('  '), heading, width), ...table(totals)];
  if (t.incomplete.length) lines.push(color.yellow(`  incomplete: ${t.incomplete.join(', ')} could not be read in full and count only with what was read`));
  return lines;
}

/** `gdeks usage --organization`: per region the organization's EKS cost, then every account, largest first. */
export function renderOrgUsageText(view: { regions: readonly OrgRegionUsage[]; total: UsageTotal | null }, color: ChalkInstance, options: UsageTextOptions = {}): string {
  const parts = view.regions.map((r) => fitted(renderOrgRegion(r, color, options), options));
  if (view.total) parts.push(fitted(renderTotal(view.total, color, options.width), options));
  return parts.join('\n');
}

function renderOrgRegion(r: OrgRegionUsage, color: ChalkInstance, options: UsageTextOptions): Array<string | Whole> {
  const head = color.bold(r.region);
  if (r.error) return [`${head}  ${color.red(`✗ could not be read: ${sanitize(r.error.message)}`)}`];
  const heading = [head, `organization of ${sanitize(r.accountId ?? 'this account')}`, `detector ${sanitize(r.detectorId ?? '-')}`, 'last 30 days, USD'];
  const lines: Array<string | Whole> = fitParts(heading.join('  '), heading, options.width);
  lines.push(`  all GuardDuty features  ${amount(color, r.total)}`);
  const eks = [`  EKS features            ${amount(color, r.eks)}`, `(${r.features.map((f) => `${f.feature} ${amount(color, f.cost)}`).join(', ')})`];
  lines.push(...fitParts(eks.join('  '), eks, options.width), '');
  if (r.accounts.length === 0) lines.push(color.dim('  no account reports usage'));
  else {
    const rows = r.accounts.map((a): Cell[] => {
      const trial = a.freeTrialDaysRemaining;
      return [
        sanitize(a.accountId),
        a.role === null ? color.dim('-') : { text: sanitize(a.role) },
        amount(color, a.costs.EKS_AUDIT_LOGS),
        amount(color, a.costs.EKS_RUNTIME_MONITORING),
        amount(color, a.eks),
        amount(color, a.total),
        isUnknown(trial) ? color.magenta('?') : `${trialCell(color, trial.EKS_AUDIT_LOGS)} / ${trialCell(color, trial.EKS_RUNTIME_MONITORING)}`,
      ];
    });
    const accountColumns = columns('ACCOUNT', 'ROLE', 'AUDIT LOGS', 'RUNTIME', 'EKS TOTAL', 'ALL FEATURES', 'FREE TRIAL (AUDIT / RUNTIME)');
    lines.push(...table(fitTable(accountColumns, rows, color, { width: options.width, indent: 2, steps: ACCOUNT_STEPS })));
  }
  return lines;
}
