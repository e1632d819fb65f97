import { listEksCoverage } from '../aws/coverage.js';
import { Eks } from '../aws/eks.js';
import { GuardDuty } from '../aws/guardduty.js';
import { resolveRegions } from '../aws/region.js';
import { settingsFor, type AwsSettings } from '../aws/settings.js';
import type { Ctx } from './context.js';
import { memberOf, readDetector } from '../workflows/enable.js';
import { forEachRegion } from '../workflows/fanout.js';
import { eksFeatures, type ClusterFacts, type CoverageEntry, type DetectorState, type EksAddon, type ReadProblem, type RegionStatus } from '../domain/status-model.js';
import { limiter } from '../workflows/limiter.js';
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
import { AwsError, ExitCode, UsageError } from '../errors.js';
import { renderStatusJson, renderStatusNdjson } from '../output/status-json.js';
import { problemLines } from '../output/status-problems.js';
import { renderStatusText } from '../output/status-table.js';
import { sanitize } from '../text/sanitize.js';

export interface StatusFlags {
  cluster?: string;
  failUnprotected?: boolean;
  organization?: boolean;
}

/** Per-cluster EKS calls in flight per region: fast over 500 clusters, gentle on EKS's request rate. */
const CLUSTER_CONCURRENCY = 10;

/** `gdeks status`: each region's detector and EKS features, and every EKS cluster's protection. */
export async function runStatus(ctx: Ctx, flags: StatusFlags): Promise<number> {
  // The delegated administrator's view of its member accounts: src/commands/status-organization.ts.
  if (flags.organization) return (await import('./status-organization.js')).runStatusOrganization(ctx, flags);
  const { io, globals } = ctx;
  const only = flags.cluster?.trim();
  if (only !== undefined && only === '') throw new UsageError('--cluster: give a cluster name');
  const settings = settingsFor(ctx);
  const regions = await resolveRegions(globals, settings);
  const outcomes = await forEachRegion(regions, (region) => readRegion(settings, region, ctx.signal, only));
  const reports: RegionStatus[] = outcomes.map((o) => (o.ok ? o.value : failedRegion(o.region, o.error)));

  if (globals.output === 'json') io.out(renderStatusJson(reports));
  else if (globals.output === 'ndjson') io.out(renderStatusNdjson(reports));
  else io.out(renderStatusText(reports, io.color, { cluster: only }));

  const red = io.errColor.red;
  for (const r of reports) {
    // The problems name each failed action and its cause; the region's error only summarizes them.
    if (r.error && r.problems.length === 0) io.err(`${red('error:')} ${r.region}: ${sanitize(r.error.message)}\n`);
    for (const note of r.notes) io.err(`${io.errColor.yellow('note:')} ${r.region}: ${sanitize(note)}\n`);
    for (const line of problemLines(r.problems)) io.err(`${red('error:')} ${r.region}: ${sanitize(line)}\n`);
  }
  for (const o of outcomes) if (!o.ok) for (const line of o.error.details) io.err(`  ${line}\n`);

  const unreadable = reports.some((r) => r.error || r.problems.length > 0);
  if (only !== undefined && !unreadable && reports.every((r) => r.clusters.length === 0)) {
    io.err(`${red('error:')} no EKS cluster named "${sanitize(only)}" in ${regions.join(', ')}\n`);
    return ExitCode.failure;
  }
  if (unreadable) return ExitCode.failure;
  const failure = flags.failUnprotected ? policyFailure(reports) : null;
  if (failure) {
    io.err(`${sanitize(failure)}\n`);
    return ExitCode.condition;
  }
  return ExitCode.ok;
}

function failedRegion(region: string, error: AwsError): RegionStatus {
  const view: RegionView = { region, guardDuty: { kind: 'unknown', reason: error.message }, coverage: { unknown: error.message } };
  return { region, detector: null, clusters: [], summary: summarize(view, []), notes: [], problems: [], error: { code: error.code, message: error.message } };
}

/** Operations whose absence on an endpoint (a local emulator) makes a fact unknown, not the run a failure. */
const OPTIONAL_OPERATIONS = new Set(['DescribeAddon', 'DescribeCluster', 'ListFargateProfiles', 'ListNodegroups']);

/**
 * Reads one region. GuardDuty (detector, then coverage) and EKS (clusters, then each cluster's add-on) are
 * read side by side; a part that cannot be read becomes a ReadProblem and the rest is still reported. Only
 * when neither GuardDuty nor EKS can be read at all does the region fail as a whole.
 */
async function readRegion(settings: AwsSettings, region: string, signal: AbortSignal, only: string | undefined): Promise<RegionStatus> {
  const [gd, eks] = await Promise.all([GuardDuty.open(settings, region, signal), Eks.open(settings, region, signal)]);
  const limit = limiter(CLUSTER_CONCURRENCY);
  const problems = new Map<string, ReadProblem>();
  const notes: string[] = [];
  const whyUnknown = (e: unknown, service: 'guardduty' | 'eks', perCluster: boolean): string => {
    if (!(e instanceof AwsError)) throw e; // an interruption or a bug: not a fact about the account
    const operation = e.operation ?? '?';
    const action = `${service}:${operation}`;
    if (e.code === 'UnsupportedOperation' && OPTIONAL_OPERATIONS.has(operation)) {
      const note = `the EKS endpoint does not support ${operation}, so what it tells is reported as unknown`;
      if (!notes.includes(note)) notes.push(note);
      return `endpoint does not support ${operation}`;
    }
    const key = `${action}|${e.code}`;
    const known = problems.get(key);
    if (known) known.clusters = (known.clusters ?? 0) + 1;
    else problems.set(key, { code: e.code, action, message: e.message, ...(perCluster ? { clusters: 1 } : {}) });
    return e.code === 'AccessDenied' ? `access denied (${action})` : `${operation} failed: ${e.code}`;
  };
  const readAddon = (name: string): Promise<EksAddon> => {
    const p = limit(() => eks.describeGuardDutyAddon(name)).catch((e: unknown) => ({ state: 'unknown' as const, reason: whyUnknown(e, 'eks', true) }));
    // Only an interruption rejects here; if GuardDuty's side rejects first nobody awaits this one, and an
    // unhandled rejection would crash the process instead of exiting 130.
    p.catch(() => undefined);
    return p;
  };

  // EKS: list the clusters and start asking for each one's add-on at once; that does not depend on GuardDuty.
  const eksSide = eks.listClusterNames().then(
    (names) => (only === undefined ? names : names.filter((n) => n === only)).map((name) => ({ name, addon: readAddon(name) })),
    (e: unknown) => ({ unknown: whyUnknown(e, 'eks', false) }),
  );
  // GuardDuty: the detector, then (only when runtime monitoring is on: otherwise it is empty) the coverage.
  const gdSide = (async () => {
    let detector: DetectorState | null | { unknown: string };
    let detectorId: string | undefined;
    let detectorError: AwsError | undefined;
    try {
      const d = await readDetector(gd);
      detectorId = d?.detectorId;
      detector = d && { id: d.detectorId, status: d.status ?? null, findingPublishingFrequency: d.findingPublishingFrequency ?? null, features: eksFeatures(d.features) };
    } catch (e) {
      detector = { unknown: whyUnknown(e, 'guardduty', false) };
      if (e instanceof AwsError) detectorError = e;
    }
    const guardDuty = guardDutyView(detector);
    let coverage: RegionView['coverage'] = new Map<string, CoverageEntry[]>();
    if (guardDuty.kind === 'on' && guardDuty.runtime && detectorId) {
      try {
        coverage = indexCoverage(await listEksCoverage(gd, detectorId, only));
      } catch (e) {
        coverage = { unknown: whyUnknown(e, 'guardduty', false) };
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
      const first = [...problems.values()][0];
      return {
        region,
        detector: null,
        clusters: [],
        summary: summarize(view, []),
        notes,
        problems: [...problems.values()],
        error: { code: first?.code ?? 'Unreadable', message: `neither GuardDuty nor EKS could be read in ${region}` },
      };
    }
    // Without EKS, GuardDuty's coverage is the only list of clusters; an uncovered cluster cannot be seen.
    notes.push('EKS clusters could not be listed: only the clusters GuardDuty covers are shown, and uncovered clusters cannot be seen');
    const names = 'unknown' in view.coverage ? [] : [...view.coverage.keys()];
    clusters = names.map((name) => ({ name, addon: Promise.resolve({ state: 'unknown' as const, reason: listed.unknown }) }));
  } else {
    clusters = listed;
  }

  const facts = await Promise.all(
    clusters.map(async ({ name, addon }): Promise<ClusterFacts> => {
      const f: ClusterFacts = { name, addon: await addon };
      if ('unknown' in listed || !needsDetails(view, name)) return f;
      f.details = await limit(() => eks.describeCluster(name)).catch((e: unknown) => ({ unknown: whyUnknown(e, 'eks', true) }));
      if (needsComputeCheck(view, f)) {
        f.fargateOnly = await limit(() => eks.isFargateOnly(name)).catch((e: unknown) => ({ unknown: whyUnknown(e, 'eks', true) }));
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
    notes: [...regionNotes(view, judged), ...notes],
    problems: [...problems.values()],
    // `detector: null` alone means "no detector"; when the lookup failed, the error says it is unknown.
    ...(detectorError ? { error: { code: detectorError.code, message: detectorError.message } } : {}),
  };
}
