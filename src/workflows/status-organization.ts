import type { MemberAccount } from '../aws/ports.js';
import type { ReportedFeature } from '../domain/features.js';
import {
  isEnabledMember,
  judgeMember,
  orgNotes,
  orgPolicyFailure,
  orgSettings,
  summarizeOrg,
  type MemberFacts,
  type OrgRegionStatus,
} from '../domain/org-status.js';
import type { Report } from '../domain/report.js';
import { orgRegionJson } from '../domain/status-json.js';
import type { CoverageEntry } from '../domain/status-model.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { readDetector } from './detector.js';
import { explainRefusal } from './enable-organization.js';
import { forEachRegion } from './fanout.js';
import { ReadFailures } from './read-failures.js';
import type { AwsRun } from './run.js';
import { statusReport } from './status-report.js';

/** What the organization status table receives. */
export interface OrgStatusView {
  reports: OrgRegionStatus[];
  cluster?: string;
}

/**
 * `gdeks status --organization`, from the delegated administrator: every member account with its relationship,
 * its detector's EKS features and GuardDuty's coverage of its clusters, per region. Exit 3 with
 * --fail-unprotected when a member is not fully protected.
 */
export async function readOrganizationStatus(run: AwsRun, only: readonly string[] | undefined, failUnprotected: boolean): Promise<Report<OrgStatusView>> {
  const outcomes = await forEachRegion(run.regions, (region) => readOrganization(run, region, only));
  const reports: OrgRegionStatus[] = outcomes.map((o) => (o.ok ? o.value : failed(o.region, o.error)));
  const json = reports.map(orgRegionJson);
  return statusReport({
    reports,
    outcomes,
    output: { view: { reports, cluster: only?.join(' or ') }, document: { regions: json }, lines: json },
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
 * One region: the organization settings (which also proves this is the delegated administrator), every member,
 * then the members' detectors (batches of 50) and the coverage of their clusters side by side. A part that
 * cannot be read is a problem; the members are still reported.
 */
async function readOrganization(run: AwsRun, region: string, only: readonly string[] | undefined): Promise<OrgRegionStatus> {
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
  const members = await gd.listMembers(detectorId);
  const failures = new ReadFailures();
  const unknown = (e: unknown) => failures.unknown(e, 'guardduty');

  const enabledIds = members.filter((m) => isEnabledMember(m.relationshipStatus)).map((m) => m.accountId);
  const [detectors, coverage] = await Promise.all([
    enabledIds.length === 0 ? Promise.resolve({ members: [], unprocessed: [] }) : gd.getMemberDetectors(detectorId, enabledIds).catch(unknown),
    gd.listEksCoverage(detectorId, only).catch(unknown),
  ]);
  run.signal.throwIfAborted();

  const featuresOf = new Map<string, readonly ReportedFeature[] | { unknown: string }>();
  if ('unknown' in detectors) for (const id of enabledIds) featuresOf.set(id, detectors);
  else {
    for (const m of detectors.members) featuresOf.set(m.accountId, m.features);
    for (const u of detectors.unprocessed) featuresOf.set(u.accountId, { unknown: u.result });
  }
  const coverageOf = new Map<string, CoverageEntry[]>();
  if (!('unknown' in coverage)) {
    for (const e of coverage) if (e.accountId) coverageOf.set(e.accountId, [...(coverageOf.get(e.accountId) ?? []), e]);
  }
  const facts = (m: MemberAccount): MemberFacts => ({
    accountId: m.accountId,
    relationshipStatus: m.relationshipStatus,
    ...(m.detectorId ? { detectorId: m.detectorId } : {}),
    ...(featuresOf.has(m.accountId) ? { features: featuresOf.get(m.accountId) } : {}),
    coverage: 'unknown' in coverage ? coverage : (coverageOf.get(m.accountId) ?? []),
  });
  // With --cluster, only the members that have a covered cluster of that name.
  const listed = only === undefined ? members : members.filter((m) => (coverageOf.get(m.accountId) ?? []).length > 0);
  const reports = listed.map((m) => judgeMember(facts(m))).sort((a, b) => a.accountId.localeCompare(b.accountId));
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
