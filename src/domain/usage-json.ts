import { isUnknown, type Money, type OrgRegionUsage, type RegionUsage, type Unknown, type UsageTotal } from './usage-model.js';

/**
 * `usage -o json` / `-o ndjson` (the shape is documented in the README). Amounts are `{"amount","unit"}` with the
 * amount a decimal string exactly as GuardDuty sent it (sums: exact, at the largest precision added); a figure
 * that is not reported or could not be read is null, and the region's `problems` say which.
 */
const money = (m: Money | null | Unknown | undefined): Money | null => (m && !isUnknown(m) ? { amount: m.amount, unit: m.unit } : null);
const days = (d: number | null | Unknown): number | null => (typeof d === 'number' ? d : null);

function costs(c: Readonly<Record<string, Money | null | Unknown>>): Record<string, Money | null> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, money(v)]));
}

export function usageRegionJson(r: RegionUsage): object {
  return {
    region: r.region,
    detectorId: r.detectorId,
    accountId: r.accountId,
    detectorCreatedAt: r.detectorCreatedAt,
    days: r.days,
    total: money(r.total),
    eks: money(r.eks),
    monthlyEstimate: money(r.monthlyEstimate),
    monthlyEstimateIsLowerBound: r.monthlyEstimateIsLowerBound,
    features: r.features.map((f) => ({
      feature: f.feature,
      detectorFeatures: f.detectorFeatures,
      cost: money(f.cost),
      monthlyEstimate: money(f.estimate),
      monthlyEstimateIsLowerBound: f.estimateIsLowerBound,
      freeTrialDaysRemaining: days(f.freeTrialDaysRemaining),
      changedDaysAgo: f.changedDaysAgo,
    })),
    clusters: r.clusters.map((c) => ({
      name: c.name,
      verdict: c.verdict,
      coverageStatus: c.coverageStatus,
      coveredNodes: c.coveredNodes,
      compatibleNodes: c.compatibleNodes,
      costs: costs(c.costs),
      cost: money(c.cost),
      attention: c.attention,
    })),
    notes: r.notes,
    problems: r.problems,
    ...(r.error ? { error: r.error } : {}),
  };
}

export function orgUsageRegionJson(r: OrgRegionUsage): object {
  return {
    region: r.region,
    detectorId: r.detectorId,
    accountId: r.accountId,
    total: money(r.total),
    eks: money(r.eks),
    features: r.features.map((f) => ({ feature: f.feature, cost: money(f.cost) })),
    accounts: r.accounts.map((a) => ({
      accountId: a.accountId,
      role: a.role,
      total: money(a.total),
      eks: money(a.eks),
      costs: costs(a.costs),
      freeTrialDaysRemaining: isUnknown(a.freeTrialDaysRemaining) ? null : a.freeTrialDaysRemaining,
    })),
    notes: r.notes,
    problems: r.problems,
    ...(r.error ? { error: r.error } : {}),
  };
}

export function usageTotalJson(t: UsageTotal): object {
  return {
    regions: t.regions,
    total: money(t.total),
    eks: money(t.eks),
    monthlyEstimate: money(t.monthlyEstimate),
    monthlyEstimateIsLowerBound: t.monthlyEstimateIsLowerBound,
    features: t.features.map((f) => ({ feature: f.feature, cost: money(f.cost), monthlyEstimate: money(f.estimate) })),
    incomplete: t.incomplete,
  };
}
