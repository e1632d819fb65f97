import { EKS_USAGE_FEATURES, isUnknown, type Money, type OrgRegionUsage, type RegionUsage, type Unknown } from '../domain/usage-model.js';
import { code, type Cell, type MarkdownTable, type RecordTable } from './records.js';

/**
 * `usage -o csv`: one row per amount (the README lists the columns; add at the end, never rename). `scope` says
 * whose cost it is: `account` (the caller's own, or with --organization each account's), `cluster`, or
 * `organization`; `feature` is `ALL` (every GuardDuty feature), `EKS` (the EKS features together) or an EKS usage
 * feature. Amounts are GuardDuty's strings, exactly; an amount GuardDuty does not report, or that could not be
 * read (stderr says which), is empty. The view reaches these functions sanitized (src/output/emit.ts).
 */
export const USAGE_CSV_COLUMNS = [
  'region',
  'scope',
  'name',
  'feature',
  'amount',
  'unit',
  'monthly_estimate',
  'free_trial_days_left',
  'verdict',
  'role',
  'attention',
] as const;

const amount = (m: Money | null | Unknown): [Cell, Cell] => (m === null || isUnknown(m) ? [null, null] : [m.amount, m.unit]);
const known = <T>(v: T | null | Unknown): T | null => (v === null || isUnknown(v) ? null : v);

type Row = { region: string; scope: string; name: string | null; feature: string; cost: Money | null | Unknown } & Partial<{
  estimate: Money | null;
  trial: number | null;
  verdict: string | null;
  role: string | null;
  attention: string | null;
}>;

const csvRow = (r: Row): Cell[] => [
  r.region,
  r.scope,
  r.name,
  r.feature,
  ...amount(r.cost),
  r.estimate?.amount ?? null,
  r.trial ?? null,
  r.verdict ?? null,
  r.role ?? null,
  r.attention ?? null,
];

function regionRows(r: RegionUsage): Row[] {
  const own = { region: r.region, scope: 'account', name: r.accountId };
  return [
    { ...own, feature: 'ALL', cost: r.total },
    { ...own, feature: 'EKS', cost: r.eks, estimate: r.monthlyEstimate },
    ...r.features.map((f) => ({ ...own, feature: f.feature, cost: f.cost, estimate: f.estimate, trial: known(f.freeTrialDaysRemaining) })),
    ...r.clusters.flatMap((c) => {
      const cluster = { region: r.region, scope: 'cluster', name: c.name, verdict: c.verdict, attention: c.attention };
      return [...EKS_USAGE_FEATURES.map((feature) => ({ ...cluster, feature, cost: c.costs[feature] })), { ...cluster, feature: 'EKS', cost: c.cost }];
    }),
  ];
}

function orgRegionRows(r: OrgRegionUsage): Row[] {
  const org = { region: r.region, scope: 'organization', name: r.accountId };
  return [
    { ...org, feature: 'ALL', cost: r.total },
    { ...org, feature: 'EKS', cost: r.eks },
    ...r.features.map((f) => ({ ...org, feature: f.feature, cost: f.cost })),
    ...r.accounts.flatMap((a) => {
      const account = { region: r.region, scope: 'account', name: a.accountId, role: a.role };
      const trial = known(a.freeTrialDaysRemaining);
      return [
        { ...account, feature: 'ALL', cost: a.total },
        { ...account, feature: 'EKS', cost: a.eks },
        ...EKS_USAGE_FEATURES.map((feature) => ({ ...account, feature, cost: a.costs[feature], trial: trial?.[feature] ?? null })),
      ];
    }),
  ];
}

export function usageCsv(view: { regions: readonly RegionUsage[] }): RecordTable {
  return { columns: USAGE_CSV_COLUMNS, rows: view.regions.flatMap(regionRows).map(csvRow) };
}

export function orgUsageCsv(view: { regions: readonly OrgRegionUsage[] }): RecordTable {
  return { columns: USAGE_CSV_COLUMNS, rows: view.regions.flatMap(orgRegionRows).map(csvRow) };
}

const money = (m: Money | null | Unknown): Cell => (m === null ? null : isUnknown(m) ? 'unknown' : m.amount);

/** `usage -o markdown`: the EKS features' costs per region, then each cluster's beside its verdict (USD). */
export function usageMarkdown(view: { regions: readonly RegionUsage[] }): MarkdownTable[] {
  return [
    {
      columns: ['Region', 'Feature', '30 days (USD)', 'Per 30 days', 'Free trial days left'],
      rows: view.regions.flatMap((r) => [
        [r.region, 'all GuardDuty features', money(r.total), null, null],
        [r.region, 'EKS features', money(r.eks), r.monthlyEstimate?.amount ?? null, null],
        ...r.features.map((f) => [r.region, f.feature, money(f.cost), f.estimate?.amount ?? null, known(f.freeTrialDaysRemaining)]),
      ]),
    },
    {
      columns: ['Region', 'Cluster', 'Verdict', 'Audit logs', 'Runtime', 'EKS total', 'Attention'],
      rows: view.regions.flatMap((r) =>
        r.clusters.map((c) => [
          r.region,
          code(c.name),
          c.verdict ?? 'not in EKS now',
          money(c.costs.EKS_AUDIT_LOGS),
          money(c.costs.EKS_RUNTIME_MONITORING),
          money(c.cost),
          code(c.attention),
        ]),
      ),
    },
  ];
}

/** `usage --organization -o markdown`: every account's cost, largest EKS cost first (USD). */
export function orgUsageMarkdown(view: { regions: readonly OrgRegionUsage[] }): MarkdownTable {
  return {
    columns: ['Region', 'Account', 'Role', 'EKS (USD)', 'Audit logs', 'Runtime', 'All features'],
    rows: view.regions.flatMap((r) =>
      r.accounts.map((a) => [r.region, code(a.accountId), code(a.role), money(a.eks), money(a.costs.EKS_AUDIT_LOGS), money(a.costs.EKS_RUNTIME_MONITORING), money(a.total)]),
    ),
  };
}
