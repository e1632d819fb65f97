/**
 * Pure judgement for `gdeks status --organization`: each member account's EKS protection as the delegated
 * administrator sees it (relationship, the member detector's EKS features, GuardDuty's coverage of the member's
 * clusters). The administrator cannot list a member's clusters, so a cluster GuardDuty does not cover is invisible
 * here; the member's own `gdeks status` shows those.
 */
import { eksFeatures, RUNTIME_FEATURES, someNames, type CoverageEntry, type FeatureState, type ReadProblem } from './status-model.js';
import type { ReportedFeature } from './features.js';

export type MemberVerdict = 'protected' | 'degraded' | 'not-protected' | 'unknown';

/** Every member verdict, as JSON spells them (and `--verdict` takes them). */
export const MEMBER_VERDICTS: readonly MemberVerdict[] = ['protected', 'degraded', 'not-protected', 'unknown'];

/** One member cluster as ListCoverage reports it to the administrator. */
export interface MemberCluster {
  name: string;
  coverageStatus: string;
  issue: string | null;
  coveredNodes: number | null;
  compatibleNodes: number | null;
  addonVersion: string | null;
  managementType: string | null;
}

/** One member as `status --organization -o json` has it: these fields, in this order, and nothing else. */
export interface MemberReport {
  accountId: string;
  relationshipStatus: string;
  detectorId: string | null;
  verdict: MemberVerdict;
  reason: string;
  /** EKS_AUDIT_LOGS, RUNTIME_MONITORING, EKS_RUNTIME_MONITORING; null when the member detector could not be read. */
  features: FeatureState[] | null;
  /** Covered clusters; null when coverage could not be read. */
  clusters: MemberCluster[] | null;
}

export interface OrgSummary {
  members: number;
  /** Members whose relationship is Enabled: GuardDuty runs there under this administrator. */
  enabled: number;
  protected: number;
  degraded: number;
  notProtected: number;
  unknown: number;
  /** Member clusters in GuardDuty's coverage, and how many of them are fully covered and healthy. */
  clusters: number;
  healthyClusters: number;
}

export interface OrgSettings {
  autoEnableOrganizationMembers: string | null;
  memberAccountLimitReached: boolean;
  /** The EKS features' auto-enable level (NEW / ALL / NONE) and, for runtime features, EKS_ADDON_MANAGEMENT's. */
  features: Array<{ name: string; autoEnable: string | null; eksAddonManagement: string | null }>;
}

export interface OrgRegionStatus {
  region: string;
  detectorId: string | null;
  organization: OrgSettings | null;
  /** The members reported: all of them, or with --cluster those with a covered cluster of that name. */
  members: MemberReport[];
  /** How many members the organization has, whatever --cluster kept (not in the JSON: `members` is). */
  allMembers: number;
  summary: OrgSummary;
  notes: string[];
  problems: ReadProblem[];
  error?: { code: string; message: string };
}

/** What was read about one member; `features` is a string when GuardDuty could not report the detector (why). */
export interface MemberFacts {
  accountId: string;
  relationshipStatus: string;
  detectorId?: string;
  features?: readonly ReportedFeature[] | { unknown: string };
  coverage: readonly CoverageEntry[] | { unknown: string };
}

const enabled = (s: string | null | undefined) => s === 'ENABLED';

/** GuardDuty runs in the member under this administrator only while the relationship is Enabled. */
export const isEnabledMember = (relationshipStatus: string) => relationshipStatus.toLowerCase() === 'enabled';

export const healthy = (c: MemberCluster) =>
  c.coverageStatus === 'HEALTHY' && (c.coveredNodes === null || c.compatibleNodes === null || c.coveredNodes >= c.compatibleNodes);

function clusterOf(e: CoverageEntry): MemberCluster {
  return {
    name: e.clusterName,
    coverageStatus: e.coverageStatus,
    issue: e.issue,
    coveredNodes: e.coveredNodes,
    compatibleNodes: e.compatibleNodes,
    addonVersion: e.addonVersion,
    managementType: e.managementType,
  };
}

/** Judges one member. Pure. */
export function judgeMember(facts: MemberFacts): MemberReport {
  const clusters = 'unknown' in facts.coverage ? null : facts.coverage.map(clusterOf).sort((a, b) => a.name.localeCompare(b.name));
  // In the JSON's order (src/domain/status-json.ts writes the report as it is).
  const report: MemberReport = {
    accountId: facts.accountId,
    relationshipStatus: facts.relationshipStatus,
    detectorId: facts.detectorId ?? null,
    verdict: 'unknown',
    reason: '',
    features: null,
    clusters,
  };
  const done = (verdict: MemberVerdict, reasons: string[]) => Object.assign(report, { verdict, reason: reasons.filter(Boolean).join('; ') });

  if (!isEnabledMember(facts.relationshipStatus)) {
    return done('not-protected', [`relationship ${facts.relationshipStatus}: GuardDuty does not run in this account under this administrator`]);
  }
  if (facts.features === undefined) return done('unknown', ['the member detector was not read']);
  if ('unknown' in facts.features) return done('unknown', [`the member detector could not be read: ${facts.features.unknown}`]);

  const features = eksFeatures(facts.features);
  report.features = features;
  const audit = enabled(features.find((f) => f.name === 'EKS_AUDIT_LOGS')?.status);
  const runtimeOn = features.filter((f) => (RUNTIME_FEATURES as readonly string[]).includes(f.name) && enabled(f.status));
  const runtime = runtimeOn.length > 0;
  const addon = runtimeOn.some((f) => enabled(f.eksAddonManagement));

  const reasons: string[] = [];
  let verdict: MemberVerdict = 'protected';
  if (!audit && !runtime) return done('not-protected', ['EKS audit-log monitoring and runtime monitoring are off']);
  if (!audit) {
    verdict = 'degraded';
    reasons.push('EKS audit-log monitoring is off');
  }
  if (!runtime) {
    verdict = 'degraded';
    reasons.push('runtime monitoring is off (only audit logs are monitored)');
  } else if (clusters === null) {
    reasons.push(`runtime monitoring on; coverage could not be read: ${(facts.coverage as { unknown: string }).unknown}`);
    if (verdict === 'protected') verdict = 'unknown';
  } else {
    const bad = clusters.filter((c) => !healthy(c));
    if (bad.length > 0) {
      verdict = 'degraded';
      const list = bad
        .slice(0, 3)
        .map((c) => `${c.name} (${c.coverageStatus}${c.issue ? `: ${c.issue}` : ''}${c.coveredNodes !== null && c.compatibleNodes !== null ? `, ${c.coveredNodes}/${c.compatibleNodes} nodes` : ''})`)
        .join(', ');
      reasons.push(`${bad.length} of ${clusters.length} covered cluster${clusters.length === 1 ? ' is' : 's are'} not fully covered: ${list}${bad.length > 3 ? ', ...' : ''}`);
    } else {
      reasons.push(clusters.length === 0 ? 'runtime monitoring on; no cluster in GuardDuty\'s coverage' : `runtime monitoring on; ${clusters.length} cluster${clusters.length === 1 ? '' : 's'} fully covered`);
    }
    if (!addon) reasons.push('EKS_ADDON_MANAGEMENT is off: the member installs the agent itself');
  }
  if (verdict === 'protected') reasons.unshift('audit logs on');
  return done(verdict, reasons);
}

export function summarizeOrg(members: readonly MemberReport[]): OrgSummary {
  const count = (v: MemberVerdict) => members.filter((m) => m.verdict === v).length;
  const clusters = members.flatMap((m) => m.clusters ?? []);
  return {
    members: members.length,
    enabled: members.filter((m) => isEnabledMember(m.relationshipStatus)).length,
    protected: count('protected'),
    degraded: count('degraded'),
    notProtected: count('not-protected'),
    unknown: count('unknown'),
    clusters: clusters.length,
    healthyClusters: clusters.filter(healthy).length,
  };
}

/** The organization's EKS auto-enable settings, from DescribeOrganizationConfiguration's features. */
export function orgSettings(
  autoEnableOrganizationMembers: string | undefined,
  memberAccountLimitReached: boolean | undefined,
  features: ReadonlyArray<{ Name?: string; AutoEnable?: string; AdditionalConfiguration?: Array<{ Name?: string; AutoEnable?: string }> }>,
): OrgSettings {
  return {
    autoEnableOrganizationMembers: autoEnableOrganizationMembers ?? null,
    memberAccountLimitReached: memberAccountLimitReached === true,
    features: ['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'].map((name) => {
      const f = features.find((x) => x.Name === name);
      return {
        name,
        autoEnable: f?.AutoEnable ?? null,
        eksAddonManagement: f?.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT')?.AutoEnable ?? null,
      };
    }),
  };
}

/** Region-level advice: what the organization settings leave out, with the command that fixes it. */
export function orgNotes(region: string, settings: OrgSettings | null, members: readonly MemberReport[]): string[] {
  const notes: string[] = [];
  if (settings?.memberAccountLimitReached) notes.push('the organization has reached the member account limit of this administrator: further accounts are not added');
  const lacking = (pred: (m: MemberReport) => boolean) => members.filter((m) => m.features !== null && pred(m)).length;
  const featureOff = (m: MemberReport, names: readonly string[]) => !m.features?.some((f) => names.includes(f.name) && enabled(f.status));
  const noAudit = lacking((m) => featureOff(m, ['EKS_AUDIT_LOGS']));
  const noRuntime = lacking((m) => featureOff(m, RUNTIME_FEATURES));
  if (noAudit + noRuntime > 0) {
    const level = (name: string) => settings?.features.find((f) => f.name === name)?.autoEnable;
    const all = level('EKS_AUDIT_LOGS') === 'ALL' && (level('RUNTIME_MONITORING') === 'ALL' || level('EKS_RUNTIME_MONITORING') === 'ALL');
    const what = [noAudit ? `${noAudit} without EKS audit-log monitoring` : '', noRuntime ? `${noRuntime} without runtime monitoring` : ''].filter(Boolean).join(', ');
    notes.push(
      all
        ? `enabled members: ${what}; the organization auto-enables them for ALL accounts, which can take up to 24 hours`
        : `enabled members: ${what}. To turn them on in every member account: ` +
            `echo '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"},{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]' ` +
            `| gdeks enable --features - --organization --auto-enable all --region ${region}`,
    );
  }
  const notEnabled = members.filter((m) => !isEnabledMember(m.relationshipStatus)).length;
  if (notEnabled > 0) notes.push(`${notEnabled} member account${notEnabled === 1 ? ' is' : 's are'} not Enabled (invited, removed, resigned, ...): GuardDuty does not protect them under this administrator`);
  return notes;
}

const failsMember = (m: MemberReport) => m.verdict === 'degraded' || m.verdict === 'not-protected';

/** `--fail-unprotected` with --organization: a member not fully protected. */
export function orgFailsPolicy(region: OrgRegionStatus): boolean {
  return region.members.some(failsMember);
}

/** Why `status --organization --fail-unprotected` fails the run, in one line for stderr; null when it does not. */
export function orgPolicyFailure(reports: readonly OrgRegionStatus[]): string | null {
  const several = reports.length > 1;
  const failing = reports.flatMap((r) => r.members.filter(failsMember).map((m) => (several ? `${r.region}/${m.accountId}` : m.accountId)));
  if (failing.length === 0) return null;
  return `--fail-unprotected: ${failing.length} member account${failing.length === 1 ? '' : 's'} not fully protected (${someNames(failing)})`;
}
