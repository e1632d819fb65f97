import type { MemberAccount, MemberDetectors } from '../aws/ports.js';
import type { ReportedFeature } from '../domain/features.js';
import {
  isEnabledMember,
  judgeMember,
  orgNotes,
  orgPolicyFailure,
  orgSettings,
  summarizeOrg,
  type MemberFacts,
  type MemberVerdict,
  type OrgRegionStatus,
} from '../domain/org-status.js';
import { MemberSharing } from '../domain/org-member-sharing.js';
import type { Report } from '../domain/report.js';
import { orgRegionJson } from '../domain/status-json.js';
import type { CoverageEntry } from '../domain/status-model.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { readDetector } from './detector.js';
import { explainRefusal } from './enable-organization.js';
import { forEachRegion } from './fanout.js';
import { limiter } from './limiter.js';
import { ReadFailures } from './read-failures.js';
import type { AwsRun } from './run.js';
import { statusReport } from './status-report.js';

/** What the organization status table receives. */
export interface OrgStatusView {
  reports: OrgRegionStatus[];
  cluster?: string;
  /** --verdict: only members with these verdicts are listed (the summaries count every member). */
  verdicts?: readonly MemberVerdict[];
}

/** What one region has read so far, as increments (members listed, coverage entries, member detectors read). */
export interface OrgProgress {
  region: string;
  members?: number;
  coverage?: number;
  detectors?: number;
}

export interface OrgStatusOptions {
  verdicts?: readonly MemberVerdict[];
  progress?: (step: OrgProgress) => void;
}

/**
 * `gdeks status --organization`, from the delegated administrator: every member account with its relationship,
 * its detector's EKS features and GuardDuty's coverage of its clusters, per region. Exit 3 with
 * --fail-unprotected when a member is not fully protected.
 */
export async function readOrganizationStatus(
  run: AwsRun,
  only: readonly string[] | undefined,
  failUnprotected: boolean,
  options: OrgStatusOptions = {},
): Promise<Report<OrgStatusView>> {
  const outcomes = await forEachRegion(run.regions, (region) => readOrganization(run, region, only, options.progress));
  const reports: OrgRegionStatus[] = outcomes.map((o) => (o.ok ? o.value : failed(o.region, o.error)));
  // --verdict narrows the members listed; the policy, --cluster's match and the summaries see them all.
  const verdicts = options.verdicts;
  const listed = verdicts === undefined ? reports : reports.map((r) => ({ ...r, members: r.members.filter((m) => verdicts.includes(m.verdict)) }));
  const json = listed.map(orgRegionJson);
  return statusReport({
    reports,
    outcomes,
    output: { view: { reports: listed, cluster: only?.join(' or '), ...(verdicts ? { verdicts } : {}) }, document: { regions: json }, lines: json, inPieces: true },
    errorLine: (r) => r.error?.message,
    // As `status --cluster`: a name that matches nothing is a mistake to report, not an empty success.
    cluster:
      only === undefined
        ? undefined
        : {
            matched: (r) => r.members.length > 0,
            notFound:
              `no EKS cluster named ${only.map((n) => `"${sanitize(n)}"`).join(' or ')} in GuardDuty's coverage of any member account in ${run.regions.join(', ')} ` +
              `(a cluster GuardDuty does not cover shows only in the member's own gdeks status)`,
          },
    policyFailure: failUnprotected ? () => orgPolicyFailure(reports) : undefined,
  });
}

/** GetMemberDetectors calls in flight per region, and the most account ids one call takes. */
const MEMBER_DETECTORS_IN_FLIGHT = 4;
const MEMBER_DETECTORS_BATCH = 50;

/**
 * Resolves on the event loop's next turn: a batch of GetMemberDetectors is sent once ListMembers has asked for
 * its next page (that chain sets the pace), not before.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Marks `p` handled now (it is awaited later, after other awaits), so its rejection is not "unhandled". */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function failed(region: string, error: AwsError): OrgRegionStatus {
  return {
    region,
    detectorId: null,
    organization: null,
    members: [],
    allMembers: 0,
    summary: summarizeOrg([]),
    notes: [],
    problems: [],
    error: { code: error.code, message: error.message },
  };
}

/**
 * One region: the organization settings (which also proves this is the delegated administrator), then every
 * member, the members' detectors (batches of 50, read as the members arrive) and the coverage of their clusters,
 * all at once. A part that cannot be read is a problem; the members are still reported.
 */
async function readOrganization(run: AwsRun, region: string, only: readonly string[] | undefined, progress?: (step: OrgProgress) => void): Promise<OrgRegionStatus> {
  const gd = await run.ports.guardDuty(region);
  const detector = await readDetector(gd);
  if (!detector) {
    throw new AwsError(`${region}: no GuardDuty detector, so no organization to report on here`, { code: 'NoDetector', region, operation: 'ListDetectors' });
  }
  const { detectorId } = detector;
  let config;
  try {
    config = await gd.describeOrganizationConfiguration(detectorId);
  } catch (e) {
    throw await explainRefusal(gd, detectorId, e);
  }
  const failures = new ReadFailures();
  const unknown = (e: unknown) => failures.unknown(e, 'guardduty');

  // Three request chains, each a page at a time: ListCoverage needs nothing from ListMembers, so it runs
  // alongside it, and each page of members has its detectors read (GetMemberDetectors) while the next page
  // is listed. The wall time is then about the longer of ListMembers and ListCoverage, not their sum.
  // Each member's clusters, kept slim and shared (sharing.coverage) as each ListCoverage page arrives: held whole
  // until the last page, 150,000 entries (50,000 members, three regions) were much of the peak memory.
  const sharing = new MemberSharing();
  const coverageOf = new Map<string, CoverageEntry[]>();
  const keepCoverage = (page: CoverageEntry[], listed: number) => {
    for (const e of page) {
      if (!e.accountId) continue;
      const kept = sharing.coverage(e);
      const entries = coverageOf.get(e.accountId);
      if (entries) entries.push(kept);
      else coverageOf.set(e.accountId, [kept]);
    }
    progress?.({ region, coverage: listed });
  };
  const coverageRead = quiet(gd.readEksCoverage(detectorId, only, keepCoverage).catch(unknown));
  const detectorBatch = limiter(MEMBER_DETECTORS_IN_FLIGHT);
  const batches: Array<Promise<MemberDetectors | { ids: string[]; unknown: string }>> = [];
  // One failing batch or many: one problem per cause, as when the detectors were read in one go.
  const batchFailures = new Map<string, { unknown: string }>();
  const batchFailed = (e: unknown) => {
    const key = e instanceof AwsError ? e.code : '';
    let known = batchFailures.get(key);
    if (!known) batchFailures.set(key, (known = unknown(e)));
    return known;
  };
  // Each member detector's features (every GuardDuty feature, not only EKS's) wait for the last page of members;
  // members with the same features hold one copy of them, made as each batch arrives.
  const featureLists = new Map<string, readonly ReportedFeature[]>();
  const shareFeatures = (d: MemberDetectors): MemberDetectors => {
    for (const m of d.members) {
      const key = JSON.stringify(m.features);
      const known = featureLists.get(key);
      if (known) m.features = known as ReportedFeature[];
      else featureLists.set(key, m.features);
    }
    return d;
  };
  const readDetectors = (ids: string[]) =>
    batches.push(
      quiet(
        detectorBatch(() => nextTurn().then(() => gd.getMemberDetectors(detectorId, ids))).then(
          (d) => (progress?.({ region, detectors: ids.length }), shareFeatures(d)),
          (e: unknown) => ({ ids, ...batchFailed(e) }),
        ),
      ),
    );
  // Enabled members wait here until there are 50 (one GetMemberDetectors call's worth), so no call is wasted.
  const waiting: string[] = [];
  let members: MemberAccount[];
  try {
    members = await gd.listMembers(detectorId, (page) => {
      progress?.({ region, members: page.length });
      waiting.push(...page.filter((m) => isEnabledMember(m.relationshipStatus)).map((m) => m.accountId));
      while (waiting.length >= MEMBER_DETECTORS_BATCH) readDetectors(waiting.splice(0, MEMBER_DETECTORS_BATCH));
    });
    if (waiting.length > 0) readDetectors(waiting.splice(0));
  } catch (e) {
    // The region fails; what is still in flight is let finish quietly (its failures are no longer news).
    void Promise.allSettled([coverageRead, ...batches]);
    throw e;
  }
  const [detectors, coverage] = await Promise.all([Promise.all(batches), coverageRead]);
  run.signal.throwIfAborted();

  const featuresOf = new Map<string, readonly ReportedFeature[] | { unknown: string }>();
  for (const batch of detectors) {
    if ('unknown' in batch) for (const id of batch.ids) featuresOf.set(id, { unknown: batch.unknown });
    else {
      for (const m of batch.members) featuresOf.set(m.accountId, m.features);
      for (const u of batch.unprocessed) featuresOf.set(u.accountId, { unknown: u.result });
    }
  }
  // Coverage that could not be read in full is unknown for every member: none of its pages is used.
  if (coverage !== undefined) coverageOf.clear();
  const none: CoverageEntry[] = [];
  const facts = (m: MemberAccount): MemberFacts => {
    const f: MemberFacts = { accountId: m.accountId, relationshipStatus: m.relationshipStatus, coverage: coverage ?? (coverageOf.get(m.accountId) ?? none) };
    if (m.detectorId) f.detectorId = m.detectorId;
    const features = featuresOf.get(m.accountId);
    if (features !== undefined) f.features = features;
    return f;
  };
  // With --cluster, only the members that have a covered cluster of that name.
  const listed = only === undefined ? members : members.filter((m) => (coverageOf.get(m.accountId) ?? []).length > 0);
  // Held until the report is printed: what members repeat is held once.
  const reports = listed.map((m) => sharing.member(judgeMember(facts(m)))).sort((a, b) => a.accountId.localeCompare(b.accountId));
  const org = orgSettings(config.autoEnableOrganizationMembers, config.memberAccountLimitReached, config.features);
  return {
    region,
    detectorId,
    organization: org,
    members: reports,
    allMembers: members.length,
    summary: summarizeOrg(reports),
    notes: orgNotes(region, org, reports),
    problems: failures.problems,
  };
}
