/**
 * Pure judgement for `gdeks status`: joins EKS's clusters with GuardDuty's coverage and decides, per cluster,
 * whether it is protected, and why not in plain words, with the command that fixes it where there is one.
 */
import { EKS_RUNTIME_DEPRECATED } from './enable-plan.js';
import {
  ADDON_NAME,
  RUNTIME_FEATURES,
  someNames,
  type ClusterFacts,
  type ClusterStatus,
  type CoverageEntry,
  type DetectorState,
  type RegionStatus,
  type RegionSummary,
  type Verdict,
} from './status-model.js';

/** What the region's detector means for its clusters. */
export type GuardDutyView =
  | { kind: 'unknown'; reason: string }
  | { kind: 'none' }
  | { kind: 'suspended'; detector: DetectorState }
  | { kind: 'on'; detector: DetectorState; auditLogs: boolean; runtime: boolean; addonManagement: boolean };

export interface RegionView {
  region: string;
  guardDuty: GuardDutyView;
  /** Coverage entries by cluster name, or why ListCoverage could not be read. */
  coverage: ReadonlyMap<string, readonly CoverageEntry[]> | { unknown: string };
  /** Set in a member account: the administrator owns the detector's features, so gdeks cannot fix them here. */
  administrator?: string;
}

const enabled = (s: string | null | undefined) => s === 'ENABLED';

export function guardDutyView(detector: DetectorState | null | { unknown: string }): GuardDutyView {
  if (detector === null) return { kind: 'none' };
  if ('unknown' in detector) return { kind: 'unknown', reason: detector.unknown };
  if (!enabled(detector.status)) return { kind: 'suspended', detector };
  const on = detector.features.filter((f) => (RUNTIME_FEATURES as readonly string[]).includes(f.name) && enabled(f.status));
  return {
    kind: 'on',
    detector,
    auditLogs: enabled(detector.features.find((f) => f.name === 'EKS_AUDIT_LOGS')?.status),
    runtime: on.length > 0,
    addonManagement: on.some((f) => enabled(f.eksAddonManagement)),
  };
}

export function indexCoverage(entries: readonly CoverageEntry[]): Map<string, CoverageEntry[]> {
  const byName = new Map<string, CoverageEntry[]>();
  for (const e of entries) byName.set(e.clusterName, [...(byName.get(e.clusterName) ?? []), e]);
  return byName;
}

function accountOfArn(arn: string | null | undefined): string | undefined {
  return arn?.split(':')[4] || undefined;
}

/**
 * The coverage entry for a cluster. An administrator account's ListCoverage also lists its members' clusters,
 * which can share a name with this account's: the cluster's ARN (DescribeCluster) says which one is ours.
 */
export function coverageFor(view: RegionView, facts: Pick<ClusterFacts, 'name' | 'details'>): CoverageEntry | undefined | 'ambiguous' {
  if ('unknown' in view.coverage) return undefined;
  const entries = view.coverage.get(facts.name) ?? [];
  if (entries.length <= 1) return entries[0];
  const account = facts.details && 'arn' in facts.details ? accountOfArn(facts.details.arn) : undefined;
  if (account) return entries.find((e) => e.accountId === account);
  return 'ambiguous';
}

const fullyCovered = (e: CoverageEntry) =>
  e.coverageStatus === 'HEALTHY' && (e.compatibleNodes ?? 0) > 0 && (e.coveredNodes ?? 0) >= (e.compatibleNodes ?? 0);

/**
 * Whether the verdict depends on DescribeCluster (the GuardDutyManaged tag, Auto Mode, the ARN's account).
 * A fully covered cluster does not, so a healthy region costs one call per cluster (DescribeAddon), not two.
 */
export function needsDetails(view: RegionView, name: string): boolean {
  if (view.guardDuty.kind !== 'on' || 'unknown' in view.coverage) return false;
  const entry = coverageFor(view, { name });
  return entry === undefined || entry === 'ambiguous' || !fullyCovered(entry);
}

/** Whether to ask EKS if the cluster runs on Fargate only: only when no EC2 node is known to be covered. */
export function needsComputeCheck(view: RegionView, facts: Pick<ClusterFacts, 'name' | 'details'>): boolean {
  if (!facts.details || !('arn' in facts.details)) return false;
  if (isExcluded(facts) || facts.details.autoMode) return false;
  const entry = coverageFor(view, facts);
  if (entry === 'ambiguous') return false;
  return entry === undefined || !entry.compatibleNodes;
}

function isExcluded(facts: Pick<ClusterFacts, 'details'>): boolean {
  const d = facts.details;
  return !!d && 'arn' in d && d.guardDutyManagedTag?.trim().toLowerCase() === 'false';
}

// ---- fixes -----------------------------------------------------------------------------------------------

const shellWord = (s: string) => (/^[A-Za-z0-9._:/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * A complete, copy-pasteable `gdeks enable` that turns on exactly what is missing (via a features file on
 * stdin): `enable` never switches off features it is not given, so nothing else on the detector changes.
 */
export function enableFix(region: string, features: { auditLogs?: boolean; runtime?: boolean }, resume = false): string {
  const file: object[] = [];
  if (features.auditLogs || !features.runtime) file.push({ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' });
  if (features.runtime) {
    file.push({ Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] });
  }
  return `echo '${JSON.stringify(file)}' | gdeks enable --features -${resume ? ' --resume' : ''} --region ${region}`;
}

/** Turns on EKS_ADDON_MANAGEMENT on whichever runtime feature the detector has enabled. */
export function addonManagementFix(region: string, detector: DetectorState): string {
  const feature = detector.features.find((f) => (RUNTIME_FEATURES as readonly string[]).includes(f.name) && enabled(f.status))?.name ?? 'RUNTIME_MONITORING';
  const file = [{ Name: feature, Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }];
  return `echo '${JSON.stringify(file)}' | gdeks enable --features - --region ${region}`;
}

export function createAddonFix(region: string, cluster: string): string {
  return `aws eks create-addon --cluster-name ${shellWord(cluster)} --addon-name ${ADDON_NAME} --region ${region}`;
}

/** A degraded cluster has no one-line fix: say what to look at, with the command that shows it. */
function addonHealthCheck(region: string, cluster: string): string {
  return `check the add-on's health: aws eks describe-addon --cluster-name ${shellWord(cluster)} --addon-name ${ADDON_NAME} --region ${region} --query addon.health`;
}

function missingAgentsCheck(cluster: string): string {
  return `check which nodes of cluster ${shellWord(cluster)} lack a Running agent pod: kubectl -n amazon-guardduty get pods -o wide`;
}

/** What to check for GuardDuty's coverage issue text (free text, so matched loosely). */
function coverageIssueCheck(region: string, cluster: string, issue: string | null): string {
  const endpoint = `com.amazonaws.${region}.guardduty-data`;
  if (issue && /vpc.?endpoint/i.test(issue)) {
    return `check the VPC endpoint in the cluster's VPC: aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=${endpoint} --region ${region}`;
  }
  if (issue && /add-?on/i.test(issue)) return addonHealthCheck(region, cluster);
  return `check the agent pods of cluster ${shellWord(cluster)} and the VPC endpoint ${endpoint} they report through: kubectl -n amazon-guardduty get pods -o wide`;
}

// ---- the verdict -----------------------------------------------------------------------------------------

type RuntimeState = 'ok' | 'partial' | 'none' | 'excluded' | 'n/a' | 'unknown';

const EXCLUDED = 'excluded on purpose from GuardDuty\'s managed agent (tag GuardDutyManaged=false), so runtime monitoring does not cover it';
const FARGATE = 'Fargate: runtime monitoring does not apply (Fargate profiles, no node group)';

/** Judges one cluster. Pure: everything it needs was read beforehand. */
export function judgeCluster(view: RegionView, facts: ClusterFacts): ClusterStatus {
  const { region } = view;
  const gd = view.guardDuty;
  const entry = coverageFor(view, facts);
  const known = entry !== undefined && entry !== 'ambiguous' ? entry : undefined;
  const details = facts.details && 'arn' in facts.details ? facts.details : undefined;
  const row: ClusterStatus = {
    name: facts.name,
    verdict: 'unknown',
    reason: '',
    fix: null,
    // Null whenever coverage was not read: without a readable detector nobody asked ListCoverage.
    coverageStatus: gd.kind === 'unknown' || 'unknown' in view.coverage || entry === 'ambiguous' ? null : (known?.coverageStatus ?? 'NOT_COVERED'),
    issue: known?.issue ?? null,
    addonVersion: known?.addonVersion ?? null,
    addonStatus: known?.addonStatus ?? null,
    managementType: known?.managementType ?? null,
    coveredNodes: known?.coveredNodes ?? null,
    compatibleNodes: known?.compatibleNodes ?? null,
    eksAddon: facts.addon,
    guardDutyManagedTag: details?.guardDutyManagedTag ?? null,
    fargateOnly: typeof facts.fargateOnly === 'boolean' ? facts.fargateOnly : null,
  };
  // Commands chain with &&; what to check (a degraded cluster has no single command) follows them.
  const done = (verdict: Verdict, reasons: string[], fixes: Array<string | null>, checks: string[] = []) => {
    row.verdict = verdict;
    row.reason = reasons.filter(Boolean).join('; ');
    const commands = [...new Set(fixes.filter((f): f is string => !!f))].join(' && ');
    row.fix = [commands, ...new Set(checks)].filter(Boolean).join('; ') || null;
    return row;
  };

  if (gd.kind === 'unknown') return done('unknown', [`GuardDuty could not be read: ${gd.reason}`], []);
  const memberNote = view.administrator
    ? `this account is a GuardDuty member: administrator account ${view.administrator} owns the detector's features, so ask there`
    : '';
  const detectorFix = (f: string) => (view.administrator ? null : f);
  if (gd.kind === 'none') {
    return done('not-protected', [`GuardDuty is off in ${region} (no detector)`], [enableFix(region, { auditLogs: true, runtime: true })]);
  }
  if (gd.kind === 'suspended') {
    const f = gd.detector.features;
    const needs = {
      auditLogs: !enabled(f.find((x) => x.name === 'EKS_AUDIT_LOGS')?.status),
      runtime: !f.some((x) => (RUNTIME_FEATURES as readonly string[]).includes(x.name) && enabled(x.status)),
    };
    return done('not-protected', [`the GuardDuty detector in ${region} is suspended`, memberNote], [detectorFix(enableFix(region, needs, true))]);
  }

  const excluded = isExcluded(facts);
  const fargate = facts.fargateOnly === true;
  const reasons: string[] = [];
  const fixes: Array<string | null> = [];
  const checks: string[] = [];
  const auditGap = gd.auditLogs ? '' : `EKS audit-log monitoring is off in ${region}`;
  let runtime: RuntimeState;

  const uncovered = (what: string): RuntimeState => {
    if (excluded) return (reasons.push(EXCLUDED), 'excluded');
    if (fargate) return (reasons.push(FARGATE), 'n/a');
    reasons.push(what, ...addonHint(view, facts, gd.addonManagement));
    if (facts.addon.state === 'absent') fixes.push(createAddonFix(region, facts.name));
    if (details?.status && details.status !== 'ACTIVE') reasons.push(`the cluster is ${details.status}`);
    if (facts.details && !details) reasons.push('the GuardDutyManaged tag could not be checked');
    return 'none';
  };

  if (!gd.runtime) {
    if (excluded) runtime = (reasons.push(EXCLUDED), 'excluded');
    else if (fargate) runtime = (reasons.push(FARGATE), 'n/a');
    else {
      runtime = 'none';
      reasons.push(`runtime monitoring is off in ${region}${gd.auditLogs ? ' (only audit logs are monitored)' : ''}`);
      fixes.push(detectorFix(enableFix(region, { auditLogs: !gd.auditLogs, runtime: true })));
    }
  } else if ('unknown' in view.coverage) {
    runtime = 'unknown';
    reasons.push(`GuardDuty coverage could not be read: ${view.coverage.unknown}`);
  } else if (entry === 'ambiguous') {
    runtime = 'unknown';
    reasons.push('GuardDuty lists coverage for several clusters of this name in different accounts, and the cluster\'s own account could not be read');
  } else if (entry) {
    const covered = entry.coveredNodes;
    const compatible = entry.compatibleNodes;
    const nodes = covered !== null && compatible !== null ? ` (agent on ${covered} of ${compatible} compatible nodes)` : '';
    if (entry.coverageStatus === 'HEALTHY') {
      if (covered !== null && compatible !== null && covered < compatible) {
        runtime = 'partial';
        reasons.push(`the agent runs on only ${covered} of ${compatible} compatible nodes`);
        checks.push(missingAgentsCheck(facts.name));
      } else if (!compatible && fargate) {
        runtime = (reasons.push(FARGATE), 'n/a');
      } else {
        runtime = 'ok';
        reasons.push(compatible === 0 ? 'runtime monitored (no compatible nodes running now)' : `runtime monitored${nodes}`);
      }
    } else if ((covered ?? 0) > 0) {
      runtime = 'partial';
      reasons.push(`GuardDuty reports coverage ${entry.coverageStatus}: ${entry.issue ?? 'no issue given'}${nodes}`);
      checks.push(coverageIssueCheck(region, facts.name, entry.issue));
    } else {
      runtime = uncovered(`GuardDuty reports coverage ${entry.coverageStatus}: ${entry.issue ?? 'no issue given'}${nodes}`);
    }
  } else {
    runtime = uncovered('GuardDuty does not cover the cluster (no runtime coverage)');
  }

  // EKS's own view of the add-on can show trouble GuardDuty's coverage does not (yet).
  if ((runtime === 'ok' || runtime === 'partial') && facts.addon.state === 'installed') {
    const status = facts.addon.status;
    if (status && status !== 'ACTIVE' && status !== 'UPDATING') {
      runtime = 'partial';
      reasons.push(`EKS reports the ${ADDON_NAME} add-on ${status}${facts.addon.issues.length ? `: ${facts.addon.issues.join(', ')}` : ''}`);
      checks.push(addonHealthCheck(region, facts.name));
    }
  }

  if (auditGap) {
    reasons.push(auditGap);
    fixes.unshift(detectorFix(enableFix(region, { auditLogs: true })));
  }
  const needsDetector = !gd.auditLogs || (!gd.runtime && runtime === 'none');
  if (needsDetector && memberNote) reasons.push(memberNote);
  // One `gdeks enable` for everything the detector lacks, rather than two.
  if (!gd.auditLogs && !gd.runtime && runtime === 'none') {
    fixes.splice(0, fixes.length, detectorFix(enableFix(region, { auditLogs: true, runtime: true })));
  }

  switch (runtime) {
    case 'unknown':
      return done('unknown', reasons, fixes);
    case 'ok':
      return done(gd.auditLogs ? 'protected' : 'degraded', gd.auditLogs ? [`audit logs and ${reasons.join('; ')}`] : reasons, fixes);
    case 'partial':
      return done('degraded', reasons, fixes, checks);
    case 'none':
      return done('not-protected', reasons, fixes);
    case 'excluded':
      return done(gd.auditLogs ? 'excluded' : 'not-protected', gd.auditLogs ? [...reasons, 'audit logs are monitored'] : reasons, fixes);
    case 'n/a':
      return done(gd.auditLogs ? 'not-applicable' : 'not-protected', gd.auditLogs ? [...reasons, 'audit logs are monitored'] : reasons, fixes);
  }
}

/** Why an uncovered cluster has no agent, from EKS's view of the add-on. */
function addonHint(view: RegionView, facts: ClusterFacts, managed: boolean): string[] {
  const a = facts.addon;
  if (a.state === 'installed') {
    return [
      `the ${ADDON_NAME} add-on is installed (EKS: ${a.status ?? 'status unknown'}${a.version ? `, ${a.version}` : ''}) but no agent reports to GuardDuty: ` +
        `check the cluster's VPC endpoint com.amazonaws.${view.region}.guardduty-data and that its nodes are supported (EC2, not Hybrid Nodes)`,
    ];
  }
  if (a.state === 'absent') {
    return managed
      ? [`EKS_ADDON_MANAGEMENT is on but GuardDuty has not deployed the ${ADDON_NAME} add-on (a new cluster can take a few minutes)`]
      : [`the ${ADDON_NAME} add-on is not installed and EKS_ADDON_MANAGEMENT is off, so nothing installs it (install it, or turn on EKS_ADDON_MANAGEMENT)`];
  }
  return [`add-on status unknown (${a.reason})`];
}

// ---- the region ------------------------------------------------------------------------------------------

export function summarize(view: RegionView, clusters: readonly ClusterStatus[]): RegionSummary {
  const count = (v: Verdict) => clusters.filter((c) => c.verdict === v).length;
  const gd = view.guardDuty;
  const flag = (on: (g: Extract<GuardDutyView, { kind: 'on' }>) => boolean) => (gd.kind === 'unknown' ? null : gd.kind === 'on' ? on(gd) : false);
  return {
    clusters: clusters.length,
    protected: count('protected'),
    degraded: count('degraded'),
    notProtected: count('not-protected'),
    excluded: count('excluded'),
    notApplicable: count('not-applicable'),
    unknown: count('unknown'),
    auditLogs: flag((g) => g.auditLogs),
    runtimeMonitoring: flag((g) => g.runtime),
    eksAddonManagement: flag((g) => g.runtime && g.addonManagement),
  };
}

/** Region-level observations a user should know about, whatever the clusters' verdicts. */
export function regionNotes(view: RegionView, clusters: readonly ClusterStatus[]): string[] {
  const notes: string[] = [];
  const gd = view.guardDuty;
  if (view.administrator) {
    notes.push(`this account is a GuardDuty member of administrator account ${view.administrator}, which owns the detector's features and publishing frequency`);
  }
  if (gd.kind !== 'on' && gd.kind !== 'suspended') return notes;
  const bare = clusters.filter((c) => c.verdict === 'not-protected' && c.eksAddon.state === 'absent');
  if (gd.kind === 'on' && gd.runtime && !gd.addonManagement && bare.length > 0 && !view.administrator) {
    notes.push(
      `EKS_ADDON_MANAGEMENT is off and ${bare.length} cluster${bare.length === 1 ? ' has' : 's have'} no ${ADDON_NAME} add-on; ` +
        `to let GuardDuty deploy and update the agent on every cluster (except those tagged GuardDutyManaged=false): ${addonManagementFix(view.region, gd.detector)}`,
    );
  }
  const status = (n: string) => gd.detector.features.find((f) => f.name === n)?.status;
  if (enabled(status('RUNTIME_MONITORING')) && enabled(status('EKS_RUNTIME_MONITORING'))) {
    notes.push(
      'both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING are ENABLED: RUNTIME_MONITORING already covers EKS, so the other only adds cost; ' +
        `turn it off with: echo '[{"Name":"EKS_RUNTIME_MONITORING","Status":"DISABLED"}]' | gdeks enable --features - --region ${view.region}`,
    );
  } else if (enabled(status('EKS_RUNTIME_MONITORING'))) {
    notes.push(EKS_RUNTIME_DEPRECATED);
  }
  return notes;
}

const failsCluster = (c: ClusterStatus) => c.verdict === 'degraded' || c.verdict === 'not-protected' || c.verdict === 'unknown';
const lacksAuditLogs = (r: RegionStatus) => r.clusters.length > 0 && r.summary.auditLogs === false;

/**
 * `--fail-unprotected`: a cluster not fully protected (an unknown verdict cannot count as protected), or a
 * region with clusters and no audit-log monitoring. Excluded and Fargate clusters are not failures.
 */
export function failsPolicy(region: RegionStatus): boolean {
  return region.clusters.some(failsCluster) || lacksAuditLogs(region);
}

/**
 * No region has an enabled detector (none, or suspended) though every one was read: even without a cluster to
 * protect, a gate is not green while GuardDuty watches nothing (with `--regions all`, nowhere in the account).
 */
function monitorsNothing(reports: readonly RegionStatus[]): boolean {
  return reports.length > 0 && reports.every((r) => !r.error && r.detector?.status !== 'ENABLED');
}

/**
 * Why `--fail-unprotected` fails the run, in one line for stderr (like `findings list --fail-on`), or null when
 * it does not. Clusters carry their region when the run covers several.
 */
export function policyFailure(reports: readonly RegionStatus[]): string | null {
  const several = reports.length > 1;
  const clusters = reports.flatMap((r) => r.clusters.filter(failsCluster).map((c) => (several ? `${r.region}/${c.name}` : c.name)));
  const noAudit = reports.filter(lacksAuditLogs).map((r) => r.region);
  const parts = [
    clusters.length ? `${clusters.length} cluster${clusters.length === 1 ? '' : 's'} not fully protected (${someNames(clusters)})` : '',
    noAudit.length ? `EKS audit-log monitoring is off in ${noAudit.join(', ')}` : '',
    monitorsNothing(reports) ? `GuardDuty monitors nothing: no enabled detector in ${reports.length === 1 ? reports[0]?.region : `any of the ${reports.length} regions`}` : '',
  ].filter(Boolean);
  return parts.length ? `--fail-unprotected: ${parts.join('; ')}` : null;
}
