/**
 * Pure arithmetic and joins for `gdeks usage`: sums (exact, src/domain/decimal.ts), the monthly estimate from the
 * days a young detector has existed, each cluster's cost beside its `status` verdict, and accounts largest first.
 */
import { addDecimals, compareDecimals, formatDecimal, isZero, parseDecimal, scaleDecimal, type Decimal } from './decimal.js';
import type { ClusterStatus } from './status-model.js';
import {
  DAY_MS,
  DETECTOR_FEATURES_OF,
  EKS_USAGE_FEATURES,
  isUnknown,
  TRIAL_NAME,
  WINDOW_DAYS,
  type AccountUsage,
  type ClusterUsage,
  type EksUsageFeature,
  type FeatureUsage,
  type Money,
  type OrgRegionUsage,
  type RegionUsage,
  type TopAccounts,
  type Unknown,
  type UsageRow,
  type UsageTotal,
} from './usage-model.js';

const WINDOW_MS = WINDOW_DAYS * DAY_MS;

function decimalOf(m: Money): Decimal {
  const d = parseDecimal(m.amount);
  // The adapter (src/aws/guardduty-usage.ts) rejects an answer whose amount is not a decimal.
  if (!d) throw new RangeError(`not a decimal amount: ${JSON.stringify(m.amount)}`);
  return d;
}

/** The exact sum of amounts in one unit; null when there is nothing to add; unknown when the units differ. */
export function sumMoney(items: ReadonlyArray<Money | null | undefined>): Money | null | Unknown {
  const present = items.filter((m): m is Money => m !== null && m !== undefined);
  if (present.length === 0) return null;
  const units = [...new Set(present.map((m) => m.unit))];
  if (units.length > 1) return { unknown: `amounts in different units (${units.join(', ')}) are not added` };
  return { amount: formatDecimal(addDecimals(present.map(decimalOf))), unit: units[0] as string };
}

/** The amount, or null when it is absent or unknown (sums leave those out; the region's problems say so). */
const known = (m: Money | null | Unknown | undefined): Money | null => (m && !isUnknown(m) ? m : null);

export function compareMoney(a: Money | null, b: Money | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareDecimals(decimalOf(a), decimalOf(b));
}

export const isFree = (m: Money): boolean => isZero(decimalOf(m));

/** The days the 30-day figures cover: the detector's age, at most 30. Null when GetDetector gave no creation time. */
export function usageBasis(createdAt: string | null, now: number): { ms: number; days: number } | null {
  const created = createdAt === null ? Number.NaN : Date.parse(createdAt);
  if (Number.isNaN(created)) return null;
  const ms = Math.min(WINDOW_MS, Math.max(0, now - created));
  return { ms, days: Math.floor((ms / DAY_MS) * 10) / 10 };
}

/**
 * The cost per 30 days: the 30-day cost itself for a detector at least 30 days old, else scaled up from the days
 * it covers, at the amount's precision (at least cents). Null when the detector is too new to tell (under an hour).
 */
export function monthlyEstimate(cost: Money, basisMs: number): Money | null {
  if (basisMs >= WINDOW_MS) return cost;
  if (basisMs < 3_600_000) return null;
  const d = decimalOf(cost);
  return { amount: formatDecimal(scaleDecimal(d, BigInt(WINDOW_MS), BigInt(Math.round(basisMs)), Math.max(2, d.scale))), unit: cost.unit };
}

export interface DetectorFeatureFacts {
  name: string;
  status: string | null;
  /** ISO 8601, GetDetector's feature UpdatedAt. */
  updatedAt: string | null;
}

/** Each EKS usage feature with its cost, estimate, trial days and the detector features it belongs to. */
export function featureUsages(input: {
  byFeature: readonly UsageRow[] | Unknown;
  trialDays: Readonly<Record<string, number>> | Unknown | null;
  detectorFeatures: readonly DetectorFeatureFacts[];
  basis: { ms: number; days: number } | null;
  now: number;
}): FeatureUsage[] {
  return EKS_USAGE_FEATURES.map((feature) => {
    const cost = isUnknown(input.byFeature) ? input.byFeature : (input.byFeature.find((r) => r.key === feature)?.total ?? null);
    const facts = DETECTOR_FEATURES_OF[feature].map((name) => input.detectorFeatures.find((f) => f.name === name) ?? { name, status: null, updatedAt: null });
    const enabled = facts.filter((f) => f.status === 'ENABLED');
    // The latest change of a feature that is on now: it may be when it was turned on.
    const changed = enabled.map((f) => (f.updatedAt ? Date.parse(f.updatedAt) : Number.NaN)).filter((t) => !Number.isNaN(t));
    const changedAgo = changed.length ? (input.now - Math.max(...changed)) / DAY_MS : null;
    const trial = input.trialDays;
    const changedDaysAgo = changedAgo !== null && changedAgo >= 0 && changedAgo < WINDOW_DAYS ? Math.floor(changedAgo * 10) / 10 : null;
    const estimate = cost && !isUnknown(cost) && input.basis ? monthlyEstimate(cost, input.basis.ms) : null;
    return {
      feature,
      detectorFeatures: facts.map((f) => ({ name: f.name, status: f.status })),
      cost,
      estimate,
      // Changed after the detector was created: the cost may cover fewer days than the basis.
      estimateIsLowerBound: estimate !== null && changedAgo !== null && input.basis !== null && changedAgo * DAY_MS < input.basis.ms,
      freeTrialDaysRemaining: trial === null ? null : isUnknown(trial) ? trial : (trial[TRIAL_NAME[feature]] ?? null),
      changedDaysAgo,
    };
  });
}

/** What `status` knows of the region's clusters. */
export interface StatusFacts {
  clusters: readonly ClusterStatus[];
  /** Runtime monitoring is on in the region (null: unknown). */
  runtimeOn: boolean | null;
  /** EKS listed the clusters, so a cluster it does not list is gone (false: unknown). */
  eksListed: boolean;
}

const PAYING_GAP = new Set(['degraded', 'not-protected']);

/**
 * Why a cluster's cost stands out: it costs money while runtime monitoring is on in the region and the cluster
 * is not fully covered (coverage UNHEALTHY, the agent on some nodes, or no agent at all).
 */
export function payingGap(c: Pick<ClusterUsage, 'verdict' | 'coverageStatus' | 'coveredNodes' | 'compatibleNodes' | 'cost'>, runtimeOn: boolean | null): string | null {
  if (!c.cost || isFree(c.cost) || runtimeOn !== true || c.verdict === null || !PAYING_GAP.has(c.verdict)) return null;
  const covered = c.coveredNodes ?? 0;
  const coverage = c.coverageStatus && c.coverageStatus !== 'HEALTHY' ? `, coverage ${c.coverageStatus}` : '';
  if (c.compatibleNodes !== null) return `paying for ${covered} of ${c.compatibleNodes} nodes${coverage}`;
  return covered === 0 ? `paying, but the agent covers no node${coverage}` : `paying for ${covered} covered nodes${coverage}`;
}

/**
 * Joins the per-cluster costs (TOP_RESOURCES per EKS feature, resource = cluster name) with `status`'s clusters:
 * every cluster of either side, most expensive first. A cluster with a cost that EKS no longer lists keeps its
 * cost with no verdict.
 */
export function joinClusters(costs: Readonly<Record<EksUsageFeature, readonly UsageRow[] | Unknown>>, status: StatusFacts): ClusterUsage[] {
  const names = new Set(status.clusters.map((c) => c.name));
  for (const f of EKS_USAGE_FEATURES) {
    const rows = costs[f];
    if (!isUnknown(rows)) for (const r of rows) names.add(r.key);
  }
  const out = [...names].map((name): ClusterUsage => {
    const s = status.clusters.find((c) => c.name === name);
    const perFeature = Object.fromEntries(
      EKS_USAGE_FEATURES.map((f) => {
        const rows = costs[f];
        return [f, isUnknown(rows) ? rows : (rows.find((r) => r.key === name)?.total ?? null)];
      }),
    ) as Record<EksUsageFeature, Money | null | Unknown>;
    const sum = sumMoney(EKS_USAGE_FEATURES.map((f) => known(perFeature[f])));
    const row: ClusterUsage = {
      name,
      verdict: s ? s.verdict : status.eksListed ? null : 'unknown',
      coverageStatus: s?.coverageStatus ?? null,
      coveredNodes: s?.coveredNodes ?? null,
      compatibleNodes: s?.compatibleNodes ?? null,
      costs: perFeature,
      cost: known(sum),
      attention: null,
    };
    row.attention = payingGap(row, status.runtimeOn);
    return row;
  });
  return out.sort((a, b) => compareMoney(b.cost, a.cost) || a.name.localeCompare(b.name));
}

/** The cluster names a full top-50 list may have left out: a known cluster with no row in it. */
export function missingFromTop(rows: readonly UsageRow[] | Unknown, clusterNames: readonly string[], limit: number): string[] {
  if (isUnknown(rows) || rows.length < limit) return [];
  const listed = new Set(rows.map((r) => r.key));
  return clusterNames.filter((n) => !listed.has(n));
}

/** The region's EKS totals: the features' 30-day cost and the estimate, added exactly. */
export function eksTotals(features: readonly FeatureUsage[]): { eks: Money | null | Unknown; monthlyEstimate: Money | null; monthlyEstimateIsLowerBound: boolean } {
  // A feature whose cost could not be read leaves the totals unknown rather than quietly short.
  const unread = features.find((f) => isUnknown(f.cost))?.cost;
  if (unread && isUnknown(unread)) return { eks: unread, monthlyEstimate: null, monthlyEstimateIsLowerBound: false };
  const eks = known(sumMoney(features.map((f) => known(f.cost))));
  const estimable = features.filter((f) => known(f.cost));
  const monthly = estimable.every((f) => f.estimate) ? known(sumMoney(estimable.map((f) => f.estimate))) : null;
  return { eks, monthlyEstimate: monthly, monthlyEstimateIsLowerBound: monthly !== null && estimable.some((f) => f.estimateIsLowerBound) };
}

/** "3.5 days ago", or "less than a day ago". */
const ago = (days: number): string => (days < 1 ? 'less than a day ago' : `${days} days ago`);

/** Notes a reader needs to trust the figures: a young detector, a feature turned on recently, a cut-off list. */
export function usageNotes(r: Pick<RegionUsage, 'days' | 'features' | 'detectorCreatedAt'>, truncated: readonly EksUsageFeature[]): string[] {
  const notes: string[] = [];
  if (r.days !== null && r.days < WINDOW_DAYS) {
    notes.push(`the detector is ${r.days} days old: the costs cover ${r.days} days, not 30, and the monthly estimate scales them up to 30`);
  } else if (r.days === null && r.detectorCreatedAt === null) {
    notes.push('GetDetector gave no creation time: the estimate assumes the costs cover 30 days');
  }
  for (const f of r.features) {
    if (!f.estimateIsLowerBound || f.changedDaysAgo === null) continue;
    const names = f.detectorFeatures.filter((d) => d.status === 'ENABLED').map((d) => d.name).join(' and ');
    notes.push(
      `${names} changed ${ago(f.changedDaysAgo)}: if it was turned on then, ${f.feature}'s cost covers only those days, so its estimate per 30 days is a lower bound`,
    );
  }
  for (const f of truncated) {
    notes.push(`${f}: GuardDuty lists at most 50 resources per feature (TOP_RESOURCES); the remaining clusters were asked for by name`);
  }
  return notes;
}

/**
 * `--organization`: every account of SUM_BY_ACCOUNT with its EKS features' costs (TOP_ACCOUNTS_BY_FEATURE) and
 * free-trial days, the largest EKS cost first (then the largest total, then the account id).
 */
export function orgAccounts(input: {
  byAccount: readonly UsageRow[];
  topByFeature: readonly TopAccounts[] | Unknown;
  trial: { accounts: ReadonlyArray<{ accountId: string; days: Readonly<Record<string, number>> }> } | Unknown;
  roles: ReadonlyMap<string, string>;
}): AccountUsage[] {
  const ids = new Set(input.byAccount.map((r) => r.key));
  const top = input.topByFeature;
  if (!isUnknown(top)) for (const t of top) for (const a of t.accounts) ids.add(a.key);
  const accounts = [...ids].map((accountId): AccountUsage => {
    const costs = Object.fromEntries(
      EKS_USAGE_FEATURES.map((f) => {
        if (isUnknown(top)) return [f, top];
        const rows = top.filter((t) => t.feature === f).flatMap((t) => t.accounts);
        return [f, rows.find((a) => a.key === accountId)?.total ?? null];
      }),
    ) as Record<EksUsageFeature, Money | null | Unknown>;
    const trial = input.trial;
    const days = isUnknown(trial) ? undefined : trial.accounts.find((a) => a.accountId === accountId)?.days;
    return {
      accountId,
      role: input.roles.get(accountId) ?? null,
      total: input.byAccount.find((r) => r.key === accountId)?.total ?? null,
      costs,
      eks: known(sumMoney(EKS_USAGE_FEATURES.map((f) => known(costs[f])))),
      freeTrialDaysRemaining: isUnknown(trial)
        ? trial
        : (Object.fromEntries(EKS_USAGE_FEATURES.map((f) => [f, days?.[TRIAL_NAME[f]] ?? null])) as Record<EksUsageFeature, number | null>),
    };
  });
  return accounts.sort((a, b) => compareMoney(b.eks, a.eks) || compareMoney(b.total, a.total) || a.accountId.localeCompare(b.accountId));
}

/** The accounts a full top-50 list of one feature may have left out. */
export function accountsMissingFromTop(top: readonly TopAccounts[], feature: string, accountIds: readonly string[], limit: number): string[] {
  const rows = top.filter((t) => t.feature === feature).flatMap((t) => t.accounts);
  if (rows.length < limit) return [];
  const listed = new Set(rows.map((r) => r.key));
  return accountIds.filter((id) => !listed.has(id));
}

/** Several regions added up: per EKS feature, in total, and (own account) the monthly estimate. */
export function addRegions(regions: ReadonlyArray<RegionUsage | OrgRegionUsage>): UsageTotal {
  const incomplete = regions.filter((r) => r.error || r.problems.length > 0 || isUnknown(r.total) || isUnknown(r.eks)).map((r) => r.region);
  const featureOf = (r: RegionUsage | OrgRegionUsage, f: EksUsageFeature) => r.features.find((x) => x.feature === f);
  // Own-account regions only (the organization view has no estimate); one region's missing estimate leaves none.
  const own = regions.filter((r): r is RegionUsage => 'monthlyEstimate' in r && !r.error && known(r.eks) !== null);
  const estimable = own.length > 0 && own.every((r) => r.monthlyEstimate !== null);
  const estimateOf = (f: EksUsageFeature) => {
    const parts = own.map((r) => featureOf(r, f) as FeatureUsage | undefined).filter((x) => known(x?.cost));
    return estimable && parts.every((x) => x?.estimate) ? known(sumMoney(parts.map((x) => x?.estimate))) : null;
  };
  return {
    regions: regions.map((r) => r.region),
    total: known(sumMoney(regions.map((r) => known(r.total)))),
    eks: known(sumMoney(regions.map((r) => known(r.eks)))),
    monthlyEstimate: estimable ? known(sumMoney(own.map((r) => r.monthlyEstimate))) : null,
    monthlyEstimateIsLowerBound: estimable && own.some((r) => r.monthlyEstimateIsLowerBound),
    features: EKS_USAGE_FEATURES.map((f) => ({
      feature: f,
      cost: known(sumMoney(regions.map((r) => known(featureOf(r, f)?.cost)))),
      estimate: estimateOf(f),
    })),
    incomplete,
  };
}
