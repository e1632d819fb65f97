import type { GuardDutyPort, UsageQuery } from '../aws/ports.js';
import type { Report } from '../domain/report.js';
import type { RegionStatus } from '../domain/status-model.js';
import { eksTotals, featureUsages, joinClusters, missingFromTop, sumMoney, usageBasis, usageNotes } from '../domain/usage.js';
import { usageRegionJson } from '../domain/usage-json.js';
import {
  EKS_USAGE_FEATURES,
  isUnknown,
  TOP_LIMIT,
  type EksUsageFeature,
  type RegionUsage,
  type Unknown,
  type UsageRow,
  type UsageTotal,
} from '../domain/usage-model.js';
import { AwsError } from '../errors.js';
import { readDetector } from './detector.js';
import { forEachRegion } from './fanout.js';
import { ReadFailures } from './read-failures.js';
import type { AwsRun } from './run.js';
import { readRegionStatus } from './status.js';
import { usageReport } from './usage-report.js';

/** What the usage table receives. */
export interface UsageView {
  regions: RegionUsage[];
  /** With several regions: them added up. */
  total: UsageTotal | null;
}

/**
 * `gdeks usage`: per region, the caller's own EKS usage over the last 30 days (GetUsageStatistics), the
 * free-trial days left, a monthly estimate, and each cluster's cost beside its `gdeks status` verdict. A region
 * that cannot be read does not stop the others; exit 1 if any part of any region could not be read.
 */
export async function readUsage(run: AwsRun, now: () => number = Date.now): Promise<Report<UsageView>> {
  const outcomes = await forEachRegion(run.regions, (region) => readRegionUsage(run, region, now));
  const regions = outcomes.map((o) => (o.ok ? o.value : failedRegion(o.region, o.error)));
  return usageReport(outcomes, regions, usageRegionJson, (r) => (r.problems.length === 0 ? `${r.region}: ${r.error?.message}` : undefined));
}

function emptyRegion(region: string): RegionUsage {
  return {
    region,
    detectorId: null,
    accountId: null,
    detectorCreatedAt: null,
    days: null,
    total: null,
    eks: null,
    monthlyEstimate: null,
    monthlyEstimateIsLowerBound: false,
    features: [],
    clusters: [],
    notes: [],
    problems: [],
  };
}

function failedRegion(region: string, error: AwsError): RegionUsage {
  return { ...emptyRegion(region), error: { code: error.code, message: error.message } };
}

/** TOP_RESOURCES (or any list) in batches of names: UsageCriteria resources are exact names. */
async function byName(names: readonly string[], ask: (chunk: string[]) => Promise<UsageRow[]>): Promise<UsageRow[]> {
  const out: UsageRow[] = [];
  for (let i = 0; i < names.length; i += TOP_LIMIT) out.push(...(await ask(names.slice(i, i + TOP_LIMIT))));
  return out;
}

/**
 * One region: the detector first (its account, age and features), then side by side the cost per feature,
 * the top clusters per EKS feature, the free-trial days and `status`'s read of the clusters. A part that cannot
 * be read becomes a problem and the rest is still reported.
 */
async function readRegionUsage(run: AwsRun, region: string, now: () => number): Promise<RegionUsage> {
  // The detector is read once, for both; `status`'s read (coverage, EKS clusters and add-ons) starts at once.
  const gdPort = run.ports.guardDuty(region);
  const detectorRead = gdPort.then(readDetector);
  detectorRead.catch(() => undefined); // awaited below; until then a rejection is not unhandled
  const statusRead = readRegionStatus(run, region, undefined, detectorRead).catch((e: unknown) => {
    if (e instanceof AwsError) return e;
    throw e;
  });
  // Only an interruption rejects here; if the detector read fails first nobody awaits this one.
  statusRead.catch(() => undefined);
  let gd: GuardDutyPort;
  let detector: Awaited<ReturnType<typeof readDetector>>;
  try {
    gd = await gdPort;
    detector = await detectorRead;
  } catch (e) {
    await statusRead; // its calls end before the region is reported, so none is left running
    throw e;
  }
  if (!detector) {
    await statusRead;
    return { ...emptyRegion(region), notes: [`GuardDuty is off in ${region} (no detector): no usage`] };
  }
  const id = detector.detectorId;
  const own = detector.accountId;
  const failures = new ReadFailures();
  const unknown = (e: unknown): Unknown => failures.unknown(e, 'guardduty');
  // A member's usage is its own; an administrator's would include its members' unless narrowed to itself.
  const mine: UsageQuery = own ? { accountIds: [own] } : {};

  const [byFeature, tops, trial] = await Promise.all([
    gd.getUsage(id, 'SUM_BY_FEATURES', mine).catch(unknown),
    Promise.all(EKS_USAGE_FEATURES.map((f) => gd.getUsage(id, 'TOP_RESOURCES', { ...mine, features: [f] }).catch(unknown))),
    own ? ownTrialDays(gd, id, own).catch(unknown) : Promise.resolve(null),
  ]);
  const status = await statusRead;
  run.signal.throwIfAborted();

  // A full top-50 list may leave clusters out: ask for the clusters `status` knows and the list lacks, by name.
  const clusterNames = status instanceof AwsError ? [] : status.clusters.map((c) => c.name);
  const costs = {} as Record<EksUsageFeature, UsageRow[] | Unknown>;
  const truncated: EksUsageFeature[] = [];
  await Promise.all(
    EKS_USAGE_FEATURES.map(async (f, i) => {
      const rows = tops[i] as UsageRow[] | Unknown;
      costs[f] = rows;
      const missing = missingFromTop(rows, clusterNames, TOP_LIMIT);
      if (isUnknown(rows) || missing.length === 0) return;
      truncated.push(f);
      try {
        costs[f] = [...rows, ...(await byName(missing, (chunk) => gd.getUsage(id, 'TOP_RESOURCES', { ...mine, features: [f], resources: chunk })))];
      } catch (e) {
        costs[f] = unknown(e);
      }
    }),
  );
  run.signal.throwIfAborted();

  const basis = usageBasis(detector.createdAt ?? null, now());
  const features = featureUsages({
    byFeature,
    trialDays: trial,
    detectorFeatures: detector.features.flatMap((f) =>
      f.Name ? [{ name: f.Name, status: f.Status ?? null, updatedAt: detector.featureUpdatedAt?.[f.Name] ?? null }] : [],
    ),
    basis,
    now: now(),
  });
  const totals = eksTotals(features);
  const statusFacts = status instanceof AwsError ? { clusters: [], runtimeOn: null, eksListed: false } : statusFactsOf(status);
  const result: RegionUsage = {
    region,
    detectorId: id,
    accountId: own ?? null,
    detectorCreatedAt: detector.createdAt ?? null,
    days: basis?.days ?? null,
    total: isUnknown(byFeature) ? byFeature : sumMoney(byFeature.map((r) => r.total)),
    eks: totals.eks,
    monthlyEstimate: totals.monthlyEstimate,
    monthlyEstimateIsLowerBound: totals.monthlyEstimateIsLowerBound,
    features,
    clusters: joinClusters(costs, statusFacts),
    notes: [],
    problems: [],
  };
  result.notes = [
    ...usageNotes(result, EKS_USAGE_FEATURES.filter((f) => truncated.includes(f))),
    ...(own ? [] : ['GetDetector did not name the account (no ServiceRole): the figures may include member accounts, and free-trial days are not shown']),
    ...(isUnknown(result.total) && !failures.problems.length ? [`${region}: ${result.total.unknown}`] : []),
    ...(status instanceof AwsError ? [`the clusters' protection could not be read: ${status.message}`] : []),
  ];
  result.problems = mergeProblems([...failures.problems, ...(status instanceof AwsError ? [] : status.problems)]);
  return result;
}

/** The caller's own free-trial days, per FreeTrialFeatureResult name. */
async function ownTrialDays(gd: GuardDutyPort, detectorId: string, own: string): Promise<Record<string, number> | Unknown> {
  const t = await gd.getRemainingFreeTrialDays(detectorId, [own]);
  const mine = t.accounts.find((a) => a.accountId === own);
  if (mine) return mine.days;
  return { unknown: t.unprocessed.find((u) => u.accountId === own)?.result ?? 'GuardDuty did not report this account' };
}

function statusFactsOf(s: RegionStatus) {
  return {
    clusters: s.clusters,
    runtimeOn: s.summary.runtimeMonitoring,
    eksListed: !s.error && !s.problems.some((p) => p.action === 'eks:ListClusters'),
  };
}

/** The status read and the usage reads may fail on the same action for the same reason: once is enough. */
function mergeProblems<P extends { action: string; code: string }>(problems: readonly P[]): P[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.action}|${p.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
