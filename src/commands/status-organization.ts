import { listEksCoverage } from '../aws/coverage.js';
import { GuardDuty } from '../aws/guardduty.js';
import { describeOrganizationConfiguration, getMemberDetectors, listMembers, type MemberAccount } from '../aws/guardduty-org.js';
import { resolveRegions } from '../aws/region.js';
import { settingsFor, type AwsSettings } from '../aws/settings.js';
import type { Ctx } from './context.js';
import { explainRefusal } from '../workflows/enable-organization.js';
import { readDetector } from '../workflows/enable.js';
import { forEachRegion } from '../workflows/fanout.js';
import {
  isEnabledMember,
  judgeMember,
  orgNotes,
  orgPolicyFailure,
  orgSettings,
  summarizeOrg,
  type MemberFacts,
  type OrgProblem,
  type OrgRegionStatus,
} from '../domain/org-status.js';
import type { CoverageEntry, RawFeature } from '../domain/status-model.js';
import { AwsError, ExitCode, UsageError } from '../errors.js';
import { renderOrgStatusJson, renderOrgStatusNdjson, renderOrgStatusText } from '../output/org-status.js';
import { sanitize } from '../text/sanitize.js';
import { problemLines } from '../output/status-problems.js';

export interface StatusOrganizationFlags {
  cluster?: string;
  failUnprotected?: boolean;
}

/**
 * `gdeks status --organization`, from the delegated administrator: every member account with its relationship,
 * its detector's EKS features and GuardDuty's coverage of its clusters, per region. Exit 3 with
 * --fail-unprotected when a member is not fully protected.
 */
export async function runStatusOrganization(ctx: Ctx, flags: StatusOrganizationFlags): Promise<number> {
  const { io, globals } = ctx;
  const only = flags.cluster?.trim();
  if (only !== undefined && only === '') throw new UsageError('--cluster: give a cluster name');
  const settings = settingsFor(ctx);
  const regions = await resolveRegions(globals, settings);
  const outcomes = await forEachRegion(regions, (region) => readOrganization(settings, region, ctx.signal, only));
  const reports: OrgRegionStatus[] = outcomes.map((o) => (o.ok ? o.value : failed(o.region, o.error)));

  if (globals.output === 'json') io.out(renderOrgStatusJson(reports));
  else if (globals.output === 'ndjson') io.out(renderOrgStatusNdjson(reports));
  else io.out(renderOrgStatusText(reports, io.color, { cluster: only }));

  const red = io.errColor.red;
  for (const r of reports) {
    if (r.error) io.err(`${red('error:')} ${sanitize(r.error.message)}\n`);
    for (const note of r.notes) io.err(`${io.errColor.yellow('note:')} ${r.region}: ${sanitize(note)}\n`);
    for (const line of problemLines(r.problems)) io.err(`${red('error:')} ${r.region}: ${sanitize(line)}\n`);
  }
  for (const o of outcomes) if (!o.ok) for (const line of o.error.details) io.err(`  ${line}\n`);

  const unreadable = reports.some((r) => r.error || r.problems.length > 0);
  // As `status --cluster`: a name that matches nothing is a mistake to report, not an empty success.
  if (only !== undefined && !unreadable && reports.every((r) => r.members.length === 0)) {
    io.err(
      `${red('error:')} no EKS cluster named "${sanitize(only)}" in GuardDuty's coverage of any member account in ${regions.join(', ')} ` +
        `(a cluster GuardDuty does not cover shows only in the member's own gdeks status)\n`,
    );
    return ExitCode.failure;
  }
  if (unreadable) return ExitCode.failure;
  const failure = flags.failUnprotected ? orgPolicyFailure(reports) : null;
  if (failure) {
    io.err(`${sanitize(failure)}\n`);
    return ExitCode.condition;
  }
  return ExitCode.ok;
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
async function readOrganization(settings: AwsSettings, region: string, signal: AbortSignal, only: string | undefined): Promise<OrgRegionStatus> {
  const gd = await GuardDuty.open(settings, region, signal);
  const detector = await readDetector(gd);
  if (!detector) {
    throw new AwsError(`${region}: no GuardDuty detector, so no organization to report on here`, { code: 'NoDetector', region, operation: 'ListDetectors' });
  }
  const { detectorId } = detector;
  let config;
  try {
    config = await describeOrganizationConfiguration(gd, detectorId);
  } catch (e) {
    throw await explainRefusal(gd, detectorId, e);
  }
  const members = await listMembers(gd, detectorId);
  const problems: OrgProblem[] = [];
  const unknown = (e: unknown): { unknown: string } => {
    if (!(e instanceof AwsError)) throw e; // an interruption or a bug
    problems.push({ code: e.code, action: `guardduty:${e.operation ?? '?'}`, message: e.message });
    return { unknown: e.code === 'AccessDenied' ? `access denied (guardduty:${e.operation})` : `${e.operation} failed: ${e.code}` };
  };

  const enabledIds = members.filter((m) => isEnabledMember(m.relationshipStatus)).map((m) => m.accountId);
  const [detectors, coverage] = await Promise.all([
    enabledIds.length === 0 ? Promise.resolve({ members: [], unprocessed: [] }) : getMemberDetectors(gd, detectorId, enabledIds).catch(unknown),
    listEksCoverage(gd, detectorId, only).catch(unknown),
  ]);
  signal.throwIfAborted();

  const featuresOf = new Map<string, readonly RawFeature[] | { unknown: string }>();
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
    problems,
  };
}
