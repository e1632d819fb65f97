import { eksFeatures, type ClusterFacts, type CoverageEntry, type DetectorState, type EksAddon, type RegionStatus } from '../domain/status-model.js';
import type { Report } from '../domain/report.js';
import { regionJson } from '../domain/status-json.js';
import {
  guardDutyView,
  indexCoverage,
  judgeCluster,
  needsComputeCheck,
  needsDetails,
  policyFailure,
  regionNotes,
  summarize,
  type RegionView,
} from '../domain/status-verdict.js';
import type { Detector } from '../aws/ports.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { readDetector, memberOf } from './detector.js';
import { forEachRegion } from './fanout.js';
import { limiter } from './limiter.js';
import { ReadFailures } from './read-failures.js';
import type { AwsRun } from './run.js';
import { statusReport } from './status-report.js';

/** Per-cluster EKS calls in flight per region: fast over 500 clusters, gentle on EKS's request rate. */
const CLUSTER_CONCURRENCY = 10;

/** What the status table receives. */
export interface StatusView {
  reports: RegionStatus[];
  cluster?: string;
}

/**
 * `gdeks status`: each region's detector and EKS features, and every EKS cluster's protection. Exit 1 when
 * something could not be read or --cluster matched no cluster, else 3 when --fail-unprotected finds a gap.
 */
export async function readStatus(run: AwsRun, only: readonly string[] | undefined, failUnprotected: boolean): Promise<Report<StatusView>> {
  const outcomes = await forEachRegion(run.regions, (region) => readRegionStatus(run, region, only));
  const reports: RegionStatus[] = outcomes.map((o) => (o.ok ? o.value : failedRegion(o.region, o.error)));
  const json = reports.map(regionJson);
  return statusReport({
    reports,
    outcomes,
    output: { view: { reports, cluster: only?.join(' or ') }, document: { regions: json }, lines: json },
    // The problems name each failed action and its cause; the region's error only summarizes them.
    errorLine: (r) => (r.problems.length === 0 ? `${r.region}: ${r.error?.message}` : undefined),
    cluster: only === undefined ? undefined : { matched: (r) => r.clusters.length > 0, notFound: `no EKS cluster named ${only.map((n) => `"${sanitize(n)}"`).join(' or ')} in ${run.regions.join(', ')}` },
    policyFailure: failUnprotected ? () => policyFailure(reports) : undefined,
  });
}

function failedRegion(region: string, error: AwsError): RegionStatus {
  const view: RegionView = { region, guardDuty: { kind: 'unknown', reason: error.message }, coverage: { unknown: error.message } };
  return { region, detector: null, clusters: [], summary: summarize(view, []), notes: [], problems: [], error: { code: error.code, message: error.message } };
}

/**
 * Reads one region. GuardDuty (detector, then coverage) and EKS (clusters, then each cluster's add-on) are
 * read side by side; a part that cannot be read becomes a ReadProblem and the rest is still reported. Only
 * when neither GuardDuty nor EKS can be read at all does the region fail as a whole. `gdeks usage` joins its
 * per-cluster costs with these verdicts (src/workflows/usage.ts).
 */
/** `detectorRead`: the region's detector read already under way (usage reads it too), so it is asked once. */
export async function readRegionStatus(run: AwsRun, region: string, only: readonly string[] | undefined, detectorRead?: Promise<Detector | null>): Promise<RegionStatus> {
  const { ports, signal } = run;
  const [gd, eks] = await Promise.all([ports.guardDuty(region), ports.eks(region)]);
  const limit = limiter(CLUSTER_CONCURRENCY);
  const failures = new ReadFailures();
  const readAddon = (name: string): Promise<EksAddon> => {
    const p = limit(() => eks.describeGuardDutyAddon(name)).catch((e: unknown) => ({ state: 'unknown' as const, reason: failures.reason(e, 'eks', true) }));
    // Only an interruption rejects here; if GuardDuty's side rejects first nobody awaits this one, and an
    // unhandled rejection would crash the process instead of exiting 130.
    p.catch(() => undefined);
    return p;
  };

  // EKS: list the clusters and start asking for each one's add-on at once; that does not depend on GuardDuty.
  const eksSide = eks.listClusterNames().then(
    (names) => (only === undefined ? names : names.filter((n) => only.includes(n))).map((name) => ({ name, addon: readAddon(name) })),
    (e: unknown) => ({ unknown: failures.reason(e, 'eks') }),
  );
  // GuardDuty: the detector, then (only when runtime monitoring is on: otherwise it is empty) the coverage.
  const gdSide = (async () => {
    let detector: DetectorState | null | { unknown: string };
    let detectorId: string | undefined;
    let detectorError: AwsError | undefined;
    try {
      const d = await (detectorRead ?? readDetector(gd));
      detectorId = d?.detectorId;
      detector = d && { id: d.detectorId, status: d.status ?? null, findingPublishingFrequency: d.findingPublishingFrequency ?? null, features: eksFeatures(d.features) };
    } catch (e) {
      detector = { unknown: failures.reason(e, 'guardduty') };
      if (e instanceof AwsError) detectorError = e;
    }
    const guardDuty = guardDutyView(detector);
    let coverage: RegionView['coverage'] = new Map<string, CoverageEntry[]>();
    if (guardDuty.kind === 'on' && guardDuty.runtime && detectorId) {
      try {
        coverage = indexCoverage(await gd.listEksCoverage(detectorId, only));
      } catch (e) {
        coverage = { unknown: failures.reason(e, 'guardduty') };
      }
    }
    const needsAdmin = guardDuty.kind === 'suspended' || (guardDuty.kind === 'on' && (!guardDuty.auditLogs || !guardDuty.runtime || !guardDuty.addonManagement));
    const administrator = needsAdmin && detectorId ? await memberOf(gd, detectorId) : undefined;
    return { detector, detectorError, view: { region, guardDuty, coverage, ...(administrator ? { administrator } : {}) } satisfies RegionView };
  })();

  const [listed, { detector, detectorError, view }] = await Promise.all([eksSide, gdSide]);
  signal.throwIfAborted();
  let clusters: Array<{ name: string; addon: Promise<EksAddon> }>;
  if ('unknown' in listed) {
    if (view.guardDuty.kind === 'unknown') {
      const first = failures.problems[0];
      return {
        region,
        detector: null,
        clusters: [],
        summary: summarize(view, []),
        notes: failures.notes,
        problems: failures.problems,
        error: { code: first?.code ?? 'Unreadable', message: `neither GuardDuty nor EKS could be read in ${region}` },
      };
    }
    // Without EKS, GuardDuty's coverage is the only list of clusters; an uncovered cluster cannot be seen.
    failures.notes.push('EKS clusters could not be listed: only the clusters GuardDuty covers are shown, and uncovered clusters cannot be seen');
    const names = 'unknown' in view.coverage ? [] : [...view.coverage.keys()];
    clusters = names.map((name) => ({ name, addon: Promise.resolve({ state: 'unknown' as const, reason: listed.unknown }) }));
  } else {
    clusters = listed;
  }

  const facts = await Promise.all(
    clusters.map(async ({ name, addon }): Promise<ClusterFacts> => {
      const f: ClusterFacts = { name, addon: await addon };
      if ('unknown' in listed || !needsDetails(view, name)) return f;
      f.details = await limit(() => eks.describeCluster(name)).catch((e: unknown) => ({ unknown: failures.reason(e, 'eks', true) }));
      if (needsComputeCheck(view, f)) {
        f.fargateOnly = await limit(() => eks.isFargateOnly(name)).catch((e: unknown) => ({ unknown: failures.reason(e, 'eks', true) }));
      }
      return f;
    }),
  );
  signal.throwIfAborted();
  const judged = facts.map((f) => judgeCluster(view, f)).sort((a, b) => a.name.localeCompare(b.name));
  return {
    region,
    detector: detector && 'unknown' in detector ? null : detector,
    clusters: judged,
    summary: summarize(view, judged),
    notes: [...regionNotes(view, judged), ...failures.notes],
    problems: failures.problems,
    // `detector: null` alone means "no detector"; when the lookup failed, the error says it is unknown.
    ...(detectorError ? { error: { code: detectorError.code, message: detectorError.message } } : {}),
  };
}
