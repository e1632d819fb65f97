import { describe, expect, it } from 'vitest';
import { parseFeaturesText } from '../../src/features/parse.js';
import type { ReportedFeature as RawFeature } from '../../src/domain/features.js';
import { eksFeatures, type ClusterDetails, type ClusterFacts, type CoverageEntry, type DetectorState, type RegionStatus } from '../../src/domain/status-model.js';
import {
  coverageFor,
  createAddonFix,
  enableFix,
  failsPolicy,
  guardDutyView,
  policyFailure,
  indexCoverage,
  judgeCluster,
  needsComputeCheck,
  needsDetails,
  regionNotes,
  summarize,
  type RegionView,
} from '../../src/domain/status-verdict.js';

const R = 'eu-west-1';

function detector(features: RawFeature[], status = 'ENABLED'): DetectorState {
  return { id: 'det-1', status, findingPublishingFrequency: 'SIX_HOURS', features: eksFeatures(features) };
}
const AUDIT_ON = { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' };
const AUDIT_OFF = { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' };
const RUNTIME_MANAGED = { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] };
const RUNTIME_MANUAL = { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }] };
const RUNTIME_OFF = { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' };

function cov(name: string, extra: Partial<CoverageEntry> = {}): CoverageEntry {
  return {
    clusterName: name,
    accountId: '123456789012',
    coverageStatus: 'HEALTHY',
    issue: null,
    addonVersion: 'v1.10.0-eksbuild.2',
    addonStatus: 'ACTIVE',
    managementType: 'AUTO_MANAGED',
    coveredNodes: 3,
    compatibleNodes: 3,
    ...extra,
  };
}

function view(features: RawFeature[] | null, coverage: CoverageEntry[] | { unknown: string } = [], extra: Partial<RegionView> = {}): RegionView {
  return {
    region: R,
    guardDuty: guardDutyView(features === null ? null : detector(features)),
    coverage: Array.isArray(coverage) ? indexCoverage(coverage) : coverage,
    ...extra,
  };
}

const details = (extra: Partial<ClusterDetails> = {}): ClusterDetails => ({
  arn: `arn:aws:eks:${R}:123456789012:cluster/c`,
  status: 'ACTIVE',
  guardDutyManagedTag: null,
  autoMode: false,
  ...extra,
});
const active: ClusterFacts['addon'] = { state: 'installed', status: 'ACTIVE', version: 'v1.10.0-eksbuild.2', issues: [] };
const facts = (extra: Partial<ClusterFacts> = {}): ClusterFacts => ({ name: 'c', addon: active, ...extra });
const ON = [AUDIT_ON, RUNTIME_MANAGED];

/** The features file inside a fix's `echo '...' |`, parsed by the same code `gdeks enable` uses. */
function fileOf(fix: string | null): unknown {
  const m = /^echo '(.*?)' \| gdeks enable --features -/.exec(fix ?? '');
  expect(m, `not an enable fix: ${fix}`).not.toBeNull();
  return parseFeaturesText(m?.[1] ?? '', '-');
}

describe('eksFeatures / guardDutyView', () => {
  it('picks the three EKS features, ignores unknown names, marks absent ones null', () => {
    const f = eksFeatures([{ Name: 'AI_ANALYST', Status: 'DISABLED' }, { Name: 'FLOW_LOGS', Status: 'ENABLED' }, RUNTIME_MANAGED, {}]);
    expect(f).toEqual([
      { name: 'EKS_AUDIT_LOGS', status: null, eksAddonManagement: null },
      { name: 'RUNTIME_MONITORING', status: 'ENABLED', eksAddonManagement: 'ENABLED' },
      { name: 'EKS_RUNTIME_MONITORING', status: null, eksAddonManagement: null },
    ]);
    expect(eksFeatures(undefined)).toHaveLength(3);
  });

  it('classifies the detector', () => {
    expect(guardDutyView(null)).toEqual({ kind: 'none' });
    expect(guardDutyView({ unknown: 'denied' })).toEqual({ kind: 'unknown', reason: 'denied' });
    expect(guardDutyView(detector(ON, 'DISABLED')).kind).toBe('suspended');
    expect(guardDutyView(detector(ON))).toMatchObject({ kind: 'on', auditLogs: true, runtime: true, addonManagement: true });
    expect(guardDutyView(detector([AUDIT_ON, RUNTIME_MANUAL]))).toMatchObject({ runtime: true, addonManagement: false });
    // EKS_ADDON_MANAGEMENT on a disabled runtime feature manages nothing.
    expect(guardDutyView(detector([AUDIT_ON, { ...RUNTIME_MANAGED, Status: 'DISABLED' }]))).toMatchObject({ runtime: false, addonManagement: false });
    // The deprecated feature still counts.
    const legacy = { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] };
    expect(guardDutyView(detector([AUDIT_OFF, legacy]))).toMatchObject({ auditLogs: false, runtime: true, addonManagement: true });
  });
});

describe('judgeCluster: the detector', () => {
  it('GuardDuty unreadable → unknown', () => {
    const v: RegionView = { region: R, guardDuty: guardDutyView({ unknown: 'access denied (guardduty:ListDetectors)' }), coverage: { unknown: 'x' } };
    const c = judgeCluster(v, facts());
    expect(c).toMatchObject({ verdict: 'unknown', fix: null, coverageStatus: null });
    expect(c.reason).toMatch(/GuardDuty could not be read: access denied \(guardduty:ListDetectors\)/);
  });

  it('detector lookup failed → unknown, and coverage null (never read), not NOT_COVERED', () => {
    // The command never asks ListCoverage without a detector: coverage is the empty map it started with.
    const v: RegionView = { region: R, guardDuty: guardDutyView({ unknown: 'ListDetectors failed: InternalServerErrorException' }), coverage: new Map() };
    expect(judgeCluster(v, facts())).toMatchObject({ verdict: 'unknown', coverageStatus: null });
  });

  it('no detector → not protected; the fix turns on audit logs and runtime monitoring', () => {
    const c = judgeCluster(view(null), facts());
    expect(c).toMatchObject({ verdict: 'not-protected', reason: `GuardDuty is off in ${R} (no detector)`, coverageStatus: 'NOT_COVERED' });
    expect(fileOf(c.fix)).toEqual([
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ].map((f) => expect.objectContaining(f)));
  });

  it('suspended detector → not protected; the fix resumes it', () => {
    const v: RegionView = { region: R, guardDuty: guardDutyView(detector(ON, 'DISABLED')), coverage: new Map() };
    const c = judgeCluster(v, facts());
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/suspended/);
    expect(c.fix).toMatch(/gdeks enable --features - --resume --region eu-west-1$/);
  });

  it('runtime monitoring off, audit logs on → not protected, fix enables RUNTIME_MONITORING only', () => {
    const c = judgeCluster(view([AUDIT_ON, RUNTIME_OFF]), facts({ details: details() }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toBe(`runtime monitoring is off in ${R} (only audit logs are monitored)`);
    expect(fileOf(c.fix)).toEqual([expect.objectContaining({ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' })]);
  });

  it('both off → one fix for both features', () => {
    const c = judgeCluster(view([AUDIT_OFF, RUNTIME_OFF]), facts());
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/runtime monitoring is off.*; EKS audit-log monitoring is off/);
    expect((fileOf(c.fix) as unknown[]).map((f) => (f as { Name: string }).Name)).toEqual(['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING']);
    expect(c.fix).not.toContain('&&');
  });

  it('runtime off but the cluster is excluded or on Fargate → what it is, not a failure', () => {
    expect(judgeCluster(view([AUDIT_ON, RUNTIME_OFF]), facts({ details: details({ guardDutyManagedTag: 'false' }) })).verdict).toBe('excluded');
    expect(judgeCluster(view([AUDIT_ON, RUNTIME_OFF]), facts({ details: details(), fargateOnly: true })).verdict).toBe('not-applicable');
  });

  it('in a member account, detector fixes are not offered: the administrator owns them', () => {
    const c = judgeCluster(view([AUDIT_ON, RUNTIME_OFF], [], { administrator: '111122223333' }), facts());
    expect(c.verdict).toBe('not-protected');
    expect(c.fix).toBeNull();
    expect(c.reason).toMatch(/administrator account 111122223333/);
  });
});

describe('judgeCluster: coverage', () => {
  it('healthy on every compatible node, audit logs on → protected', () => {
    const c = judgeCluster(view(ON, [cov('c')]), facts());
    expect(c).toMatchObject({
      verdict: 'protected',
      fix: null,
      coverageStatus: 'HEALTHY',
      addonVersion: 'v1.10.0-eksbuild.2',
      addonStatus: 'ACTIVE',
      managementType: 'AUTO_MANAGED',
      coveredNodes: 3,
      compatibleNodes: 3,
    });
    expect(c.reason).toBe('audit logs and runtime monitored (agent on 3 of 3 compatible nodes)');
  });

  it('healthy but on fewer nodes than compatible → degraded; the fix says where to look for the missing agents', () => {
    const c = judgeCluster(view(ON, [cov('c', { coveredNodes: 2, compatibleNodes: 5 })]), facts());
    expect(c.verdict).toBe('degraded');
    expect(c.reason).toMatch(/only 2 of 5 compatible nodes/);
    expect(c.fix).toBe('check which nodes of cluster c lack a Running agent pod: kubectl -n amazon-guardduty get pods -o wide');
  });

  it('healthy with no compatible nodes: protected, unless the cluster is Fargate only', () => {
    const empty = cov('c', { coveredNodes: 0, compatibleNodes: 0 });
    expect(judgeCluster(view(ON, [empty]), facts({ details: details(), fargateOnly: false }))).toMatchObject({ verdict: 'protected' });
    expect(judgeCluster(view(ON, [empty]), facts({ details: details(), fargateOnly: true }))).toMatchObject({ verdict: 'not-applicable' });
  });

  it('unhealthy with some nodes covered → degraded, with GuardDuty\'s issue', () => {
    const c = judgeCluster(view(ON, [cov('c', { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', coveredNodes: 2, compatibleNodes: 4 })]), facts());
    expect(c).toMatchObject({ verdict: 'degraded', issue: 'No Agent Reporting', coverageStatus: 'UNHEALTHY' });
    expect(c.reason).toMatch(/coverage UNHEALTHY: No Agent Reporting \(agent on 2 of 4 compatible nodes\)/);
    expect(c.fix).toBe('check the agent pods of cluster c and the VPC endpoint com.amazonaws.eu-west-1.guardduty-data they report through: kubectl -n amazon-guardduty get pods -o wide');
  });

  it('degraded by a coverage issue about the VPC endpoint or the add-on → the fix checks that', () => {
    const endpoint = cov('c', { coverageStatus: 'UNHEALTHY', issue: 'VPC Endpoint Creation Failed', coveredNodes: 1, compatibleNodes: 2 });
    expect(judgeCluster(view(ON, [endpoint]), facts()).fix).toBe(
      'check the VPC endpoint in the cluster\'s VPC: aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.eu-west-1.guardduty-data --region eu-west-1',
    );
    const addon = cov('c', { coverageStatus: 'UNHEALTHY', issue: 'Addon creation failed', coveredNodes: 1, compatibleNodes: 2 });
    expect(judgeCluster(view(ON, [addon]), facts()).fix).toMatch(/^check the add-on's health: aws eks describe-addon --cluster-name c --addon-name aws-guardduty-agent --region eu-west-1 --query addon\.health$/);
  });

  it('unhealthy with no node covered → not protected', () => {
    const c = judgeCluster(view(ON, [cov('c', { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', coveredNodes: 0 })]), facts({ addon: { state: 'absent' }, details: details() }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/EKS Addon Not Installed/);
    expect(c.fix).toBe(createAddonFix(R, 'c'));
  });

  it('unhealthy because excluded with GuardDutyManaged=false → excluded', () => {
    const e = cov('c', { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', coveredNodes: 0, managementType: 'DISABLED', addonVersion: null, addonStatus: null });
    const c = judgeCluster(view(ON, [e]), facts({ addon: { state: 'absent' }, details: details({ guardDutyManagedTag: 'false' }) }));
    expect(c).toMatchObject({ verdict: 'excluded', fix: null, guardDutyManagedTag: 'false' });
    expect(c.reason).toMatch(/^excluded on purpose from GuardDuty's managed agent \(tag GuardDutyManaged=false\)/);
    expect(c.reason).toMatch(/audit logs are monitored/);
  });

  it('GuardDutyManaged=false but the agent was installed by hand and covers it → protected', () => {
    expect(judgeCluster(view(ON, [cov('c')]), facts({ details: details({ guardDutyManagedTag: 'false' }) })).verdict).toBe('protected');
  });

  it('not covered, add-on absent, EKS_ADDON_MANAGEMENT on → not protected; install the add-on', () => {
    const c = judgeCluster(view(ON, []), facts({ addon: { state: 'absent' }, details: details() }));
    expect(c).toMatchObject({ verdict: 'not-protected', coverageStatus: 'NOT_COVERED' });
    expect(c.reason).toMatch(/GuardDuty does not cover the cluster/);
    expect(c.reason).toMatch(/EKS_ADDON_MANAGEMENT is on but GuardDuty has not deployed/);
    expect(c.fix).toBe('aws eks create-addon --cluster-name c --addon-name aws-guardduty-agent --region eu-west-1');
  });

  it('not covered, add-on absent, EKS_ADDON_MANAGEMENT off → says nothing installs it', () => {
    const c = judgeCluster(view([AUDIT_ON, RUNTIME_MANUAL], []), facts({ addon: { state: 'absent' }, details: details() }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/not installed and EKS_ADDON_MANAGEMENT is off, so nothing installs it/);
    expect(c.fix).toBe(createAddonFix(R, 'c'));
  });

  it('not covered although EKS has the add-on → points at the agent\'s connectivity, no command', () => {
    const c = judgeCluster(view(ON, []), facts({ details: details() }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/add-on is installed \(EKS: ACTIVE, v1\.10\.0-eksbuild\.2\) but no agent reports/);
    expect(c.reason).toMatch(/com\.amazonaws\.eu-west-1\.guardduty-data/);
    expect(c.fix).toBeNull();
  });

  it('not covered, add-on status unknown (endpoint lacks DescribeAddon) → says so', () => {
    const c = judgeCluster(view(ON, []), facts({ addon: { state: 'unknown', reason: 'endpoint does not support DescribeAddon' }, details: details() }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/add-on status unknown \(endpoint does not support DescribeAddon\)/);
  });

  it('not covered and excluded / Fargate only → excluded / not applicable', () => {
    expect(judgeCluster(view(ON, []), facts({ addon: { state: 'absent' }, details: details({ guardDutyManagedTag: 'False ' }) })).verdict).toBe('excluded');
    const f = judgeCluster(view(ON, []), facts({ addon: { state: 'absent' }, details: details(), fargateOnly: true }));
    expect(f).toMatchObject({ verdict: 'not-applicable', fargateOnly: true, fix: null });
    expect(f.reason).toMatch(/^Fargate: runtime monitoring does not apply/);
  });

  it('not covered while the cluster is still being created → says so', () => {
    const c = judgeCluster(view(ON, []), facts({ addon: { state: 'absent' }, details: details({ status: 'CREATING' }) }));
    expect(c.reason).toMatch(/the cluster is CREATING/);
  });

  it('tags unreadable → says the exclusion could not be checked', () => {
    const c = judgeCluster(view(ON, []), facts({ addon: { state: 'absent' }, details: { unknown: 'access denied (eks:DescribeCluster)' } }));
    expect(c.verdict).toBe('not-protected');
    expect(c.reason).toMatch(/GuardDutyManaged tag could not be checked/);
  });

  it('coverage unreadable → unknown', () => {
    const c = judgeCluster(view(ON, { unknown: 'access denied (guardduty:ListCoverage)' }), facts());
    expect(c).toMatchObject({ verdict: 'unknown', coverageStatus: null });
    expect(c.reason).toMatch(/coverage could not be read: access denied \(guardduty:ListCoverage\)/);
  });

  it('EKS reports the add-on DEGRADED while coverage looks healthy → degraded, with EKS\'s issues', () => {
    const addon = { state: 'installed' as const, status: 'DEGRADED', version: 'v1.10.0', issues: ['InsufficientNumberOfReplicas: 1 of 3'] };
    const c = judgeCluster(view(ON, [cov('c')]), facts({ addon }));
    expect(c.verdict).toBe('degraded');
    expect(c.reason).toMatch(/EKS reports the aws-guardduty-agent add-on DEGRADED: InsufficientNumberOfReplicas: 1 of 3/);
    expect(c.fix).toBe("check the add-on's health: aws eks describe-addon --cluster-name c --addon-name aws-guardduty-agent --region eu-west-1 --query addon.health");
    // UPDATING is routine, not a gap.
    expect(judgeCluster(view(ON, [cov('c')]), facts({ addon: { ...addon, status: 'UPDATING' } })).verdict).toBe('protected');
  });
});

describe('judgeCluster: audit logs', () => {
  const ON_NO_AUDIT = [AUDIT_OFF, RUNTIME_MANAGED];
  it('runtime covered but audit logs off → degraded, fix enables EKS_AUDIT_LOGS', () => {
    const c = judgeCluster(view(ON_NO_AUDIT, [cov('c')]), facts());
    expect(c.verdict).toBe('degraded');
    expect(c.reason).toMatch(/EKS audit-log monitoring is off in eu-west-1/);
    expect(fileOf(c.fix)).toEqual([{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }]);
  });

  it('audit logs off and too few nodes covered → the enable command, then what to check', () => {
    const c = judgeCluster(view(ON_NO_AUDIT, [cov('c', { coveredNodes: 1, compatibleNodes: 2 })]), facts());
    expect(c.verdict).toBe('degraded');
    expect(c.fix).toMatch(/^echo .*EKS_AUDIT_LOGS.* \| gdeks enable --features - --region eu-west-1; check which nodes of cluster c lack a Running agent pod: kubectl /);
  });

  it('excluded or Fargate with audit logs off → nothing watches it: not protected', () => {
    expect(judgeCluster(view(ON_NO_AUDIT, []), facts({ addon: { state: 'absent' }, details: details({ guardDutyManagedTag: 'false' }) })).verdict).toBe('not-protected');
    expect(judgeCluster(view(ON_NO_AUDIT, []), facts({ addon: { state: 'absent' }, details: details(), fargateOnly: true })).verdict).toBe('not-protected');
  });

  it('audit off and the add-on missing → both fixes, detector first', () => {
    const c = judgeCluster(view([AUDIT_OFF, RUNTIME_MANUAL], []), facts({ addon: { state: 'absent' }, details: details() }));
    expect(c.fix).toMatch(/^echo .*EKS_AUDIT_LOGS.* \| gdeks enable --features - --region eu-west-1 && aws eks create-addon --cluster-name c /);
  });
});

describe('coverage join', () => {
  it('an administrator sees members\' clusters of the same name: the cluster ARN picks its own', () => {
    const v = view(ON, [cov('c', { accountId: '999999999999', coverageStatus: 'UNHEALTHY', coveredNodes: 0 }), cov('c')]);
    expect(coverageFor(v, { name: 'c' })).toBe('ambiguous');
    expect(needsDetails(v, 'c')).toBe(true);
    expect(judgeCluster(v, facts({ details: details() })).verdict).toBe('protected');
    const unresolved = judgeCluster(v, facts({ details: { unknown: 'denied' } }));
    expect(unresolved).toMatchObject({ verdict: 'unknown', coverageStatus: null });
  });

  it('a coverage entry keyed only by ResourceId still joins (clusterName is filled from it upstream)', () => {
    expect(coverageFor(view(ON, [cov('other')]), { name: 'c' })).toBeUndefined();
  });
});

describe('what to read per cluster', () => {
  it('DescribeCluster only where the verdict depends on it', () => {
    expect(needsDetails(view(ON, [cov('c')]), 'c')).toBe(false);
    expect(needsDetails(view(ON, [cov('c', { coveredNodes: 1 })]), 'c')).toBe(true);
    expect(needsDetails(view(ON, [cov('c', { coverageStatus: 'UNHEALTHY' })]), 'c')).toBe(true);
    expect(needsDetails(view(ON, [cov('c', { compatibleNodes: 0, coveredNodes: 0 })]), 'c')).toBe(true);
    expect(needsDetails(view(ON, []), 'c')).toBe(true);
    expect(needsDetails(view([AUDIT_ON, RUNTIME_OFF]), 'c')).toBe(true);
    expect(needsDetails(view(null), 'c')).toBe(false);
    expect(needsDetails(view(ON, { unknown: 'x' }), 'c')).toBe(false);
  });

  it('the Fargate check only where no EC2 node is known', () => {
    expect(needsComputeCheck(view(ON, []), { name: 'c', details: details() })).toBe(true);
    expect(needsComputeCheck(view(ON, [cov('c', { compatibleNodes: 0, coveredNodes: 0 })]), { name: 'c', details: details() })).toBe(true);
    expect(needsComputeCheck(view(ON, [cov('c', { coverageStatus: 'UNHEALTHY', coveredNodes: 0 })]), { name: 'c', details: details() })).toBe(false);
    expect(needsComputeCheck(view(ON, []), { name: 'c', details: details({ autoMode: true }) })).toBe(false);
    expect(needsComputeCheck(view(ON, []), { name: 'c', details: details({ guardDutyManagedTag: 'false' }) })).toBe(false);
    expect(needsComputeCheck(view(ON, []), { name: 'c', details: { unknown: 'x' } })).toBe(false);
    expect(needsComputeCheck(view(ON, []), { name: 'c' })).toBe(false);
  });
});

describe('the region', () => {
  const region = (v: RegionView, clusters: ReturnType<typeof judgeCluster>[]): RegionStatus => ({
    region: R,
    detector: null,
    clusters,
    summary: summarize(v, clusters),
    notes: [],
    problems: [],
  });

  it('summarizes verdicts and the detector', () => {
    const v = view(ON, [cov('a'), cov('b', { coveredNodes: 1 })]);
    const s = summarize(v, [judgeCluster(v, facts({ name: 'a' })), judgeCluster(v, facts({ name: 'b' }))]);
    expect(s).toEqual({
      clusters: 2, protected: 1, degraded: 1, notProtected: 0, excluded: 0, notApplicable: 0, unknown: 0,
      auditLogs: true, runtimeMonitoring: true, eksAddonManagement: true,
    });
    expect(summarize(view(null), [])).toMatchObject({ auditLogs: false, runtimeMonitoring: false });
    expect(summarize({ region: R, guardDuty: { kind: 'unknown', reason: 'x' }, coverage: { unknown: 'x' } }, [])).toMatchObject({ auditLogs: null });
  });

  it('--fail-unprotected: degraded, not protected or unknown clusters, or clusters without audit logs; never excluded / n/a', () => {
    const v = view(ON, [cov('a')]);
    expect(failsPolicy(region(v, [judgeCluster(v, facts({ name: 'a' }))]))).toBe(false);
    const ex = judgeCluster(v, facts({ name: 'x', addon: { state: 'absent' }, details: details({ guardDutyManagedTag: 'false' }) }));
    const fg = judgeCluster(v, facts({ name: 'f', addon: { state: 'absent' }, details: details(), fargateOnly: true }));
    expect(failsPolicy(region(v, [ex, fg]))).toBe(false);
    const bad = judgeCluster(v, facts({ name: 'b', addon: { state: 'absent' }, details: details() }));
    expect(failsPolicy(region(v, [bad]))).toBe(true);
    const unknown = judgeCluster(view(ON, { unknown: 'x' }), facts({ name: 'u' }));
    expect(failsPolicy(region(v, [unknown]))).toBe(true);
    const noAudit = view([AUDIT_OFF, RUNTIME_MANAGED]);
    expect(failsPolicy(region(noAudit, []))).toBe(false);
    expect(failsPolicy(region(noAudit, [judgeCluster(noAudit, facts({ name: 'x', addon: { state: 'absent' }, details: details({ guardDutyManagedTag: 'false' }) }))]))).toBe(true);
  });

  it('--fail-unprotected is never green while GuardDuty monitors nothing: no enabled detector in any region read', () => {
    const at = (name: string, detector: RegionStatus['detector'], error?: RegionStatus['error']): RegionStatus => ({
      ...region(view(null), []),
      region: name,
      detector,
      ...(error ? { error } : {}),
    });
    const on = { id: 'd', status: 'ENABLED', findingPublishingFrequency: null, features: [] };
    const suspended = { ...on, status: 'DISABLED' };
    expect(policyFailure([at('us-east-1', null)])).toBe('--fail-unprotected: GuardDuty monitors nothing: no enabled detector in us-east-1');
    expect(policyFailure([at('us-east-1', null), at('eu-west-1', suspended)])).toBe(
      '--fail-unprotected: GuardDuty monitors nothing: no enabled detector in any of the 2 regions',
    );
    // One enabled detector anywhere: regions without one and without clusters are no failure (--regions all).
    expect(policyFailure([at('us-east-1', on), at('eu-west-1', null), at('eu-north-1', null)])).toBeNull();
    // A region that could not be read is an error already (exit 1), not this verdict.
    expect(policyFailure([at('us-east-1', null, { code: 'AccessDenied', message: 'x' })])).toBeNull();
  });

  it('notes: both runtime features on, the deprecated one alone, add-on management off with bare clusters', () => {
    const both = view([AUDIT_ON, RUNTIME_MANAGED, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }]);
    expect(regionNotes(both, [])[0]).toMatch(/both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING are ENABLED.*"EKS_RUNTIME_MONITORING","Status":"DISABLED"/);
    expect(regionNotes(view([AUDIT_ON, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }]), [])[0]).toMatch(/deprecated/);
    const manual = view([AUDIT_ON, RUNTIME_MANUAL], []);
    const bare = judgeCluster(manual, facts({ addon: { state: 'absent' }, details: details() }));
    const notes = regionNotes(manual, [bare]);
    expect(notes[0]).toMatch(/EKS_ADDON_MANAGEMENT is off and 1 cluster has no aws-guardduty-agent add-on/);
    expect(fileOf(/(echo .*)$/.exec(notes[0] ?? '')?.[1] ?? null)).toEqual([
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ]);
    expect(regionNotes(view(ON), [])).toEqual([]);
    expect(regionNotes(view(ON, [], { administrator: '111122223333' }), [])[0]).toMatch(/member of administrator account 111122223333/);
  });
});

describe('fix commands', () => {
  it('are valid input for gdeks enable, and quote odd cluster names', () => {
    expect(fileOf(enableFix(R, { auditLogs: true }))).toEqual([{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }]);
    expect(createAddonFix(R, "we'ird name")).toBe(`aws eks create-addon --cluster-name 'we'\\''ird name' --addon-name aws-guardduty-agent --region ${R}`);
  });
});
