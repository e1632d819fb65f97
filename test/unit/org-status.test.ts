import { describe, expect, it } from 'vitest';
import { judgeMember, orgFailsPolicy, orgNotes, orgSettings, summarizeOrg, type MemberFacts, type OrgRegionStatus } from '../../src/domain/org-status.js';
import type { CoverageEntry } from '../../src/domain/status-model.js';

const on = [
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
];

function cluster(name: string, extra: Partial<CoverageEntry> = {}): CoverageEntry {
  return { clusterName: name, accountId: '111111111111', coverageStatus: 'HEALTHY', issue: null, addonVersion: 'v1.10.0', addonStatus: 'ACTIVE', managementType: 'AUTO_MANAGED', coveredNodes: 3, compatibleNodes: 3, ...extra };
}

const member = (extra: Partial<MemberFacts> = {}): MemberFacts => ({ accountId: '111111111111', relationshipStatus: 'Enabled', detectorId: 'd', features: on, coverage: [], ...extra });

describe('judgeMember', () => {
  it('protected: audit logs and runtime on, every covered cluster healthy', () => {
    const r = judgeMember(member({ coverage: [cluster('b'), cluster('a')] }));
    expect(r.verdict).toBe('protected');
    expect(r.reason).toBe('audit logs on; runtime monitoring on; 2 clusters fully covered');
    expect(r.clusters?.map((c) => c.name)).toEqual(['a', 'b']);
    expect(r.features?.map((f) => `${f.name}=${f.status}`)).toEqual(['EKS_AUDIT_LOGS=ENABLED', 'RUNTIME_MONITORING=ENABLED', 'EKS_RUNTIME_MONITORING=null']);
  });

  it('degraded: an unhealthy or partly covered cluster, named with its issue', () => {
    const r = judgeMember(member({ coverage: [cluster('a'), cluster('pay', { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', coveredNodes: 0, compatibleNodes: 2 })] }));
    expect(r.verdict).toBe('degraded');
    expect(r.reason).toMatch(/1 of 2 covered clusters are not fully covered: pay \(UNHEALTHY: No Agent Reporting, 0\/2 nodes\)/);
    expect(judgeMember(member({ coverage: [cluster('a', { coveredNodes: 1, compatibleNodes: 3 })] })).verdict).toBe('degraded');
  });

  it('degraded when one of the two features is off; not protected when both are', () => {
    expect(judgeMember(member({ features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] }))).toMatchObject({ verdict: 'degraded', reason: expect.stringMatching(/runtime monitoring is off/) });
    expect(judgeMember(member({ features: [on[1] as never] }))).toMatchObject({ verdict: 'degraded', reason: expect.stringMatching(/audit-log monitoring is off/) });
    expect(judgeMember(member({ features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }] })).verdict).toBe('not-protected');
  });

  it('EKS_RUNTIME_MONITORING counts as runtime monitoring; a manual agent is mentioned', () => {
    const r = judgeMember(member({ features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }] }));
    expect(r.verdict).toBe('protected');
    expect(r.reason).toMatch(/EKS_ADDON_MANAGEMENT is off/);
  });

  it('a member that is not Enabled is not protected, whatever else', () => {
    expect(judgeMember(member({ relationshipStatus: 'Removed', features: undefined }))).toMatchObject({ verdict: 'not-protected', features: null, reason: expect.stringMatching(/relationship Removed/) });
    expect(judgeMember(member({ relationshipStatus: 'Invited' })).verdict).toBe('not-protected');
  });

  it('unknown when the member detector or the coverage could not be read', () => {
    expect(judgeMember(member({ features: { unknown: 'not associated' } }))).toMatchObject({ verdict: 'unknown', reason: expect.stringMatching(/not associated/) });
    expect(judgeMember(member({ features: undefined })).verdict).toBe('unknown');
    expect(judgeMember(member({ coverage: { unknown: 'access denied (guardduty:ListCoverage)' } }))).toMatchObject({ verdict: 'unknown', clusters: null });
    // A known gap outranks an unknown coverage.
    expect(judgeMember(member({ features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }, on[1] as never], coverage: { unknown: 'x' } })).verdict).toBe('degraded');
  });
});

describe('organization summary, notes and policy', () => {
  const reports = [
    judgeMember(member({ accountId: '1', coverage: [cluster('a'), cluster('b', { coverageStatus: 'UNHEALTHY' })] })),
    judgeMember(member({ accountId: '2', features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] })),
    judgeMember(member({ accountId: '3', relationshipStatus: 'Resigned' })),
    judgeMember(member({ accountId: '4', coverage: [cluster('c')] })),
  ];

  it('counts members by verdict and clusters by health', () => {
    expect(summarizeOrg(reports)).toEqual({ members: 4, enabled: 3, protected: 1, degraded: 2, notProtected: 1, unknown: 0, clusters: 3, healthyClusters: 2 });
  });

  it('names the org-wide fix when members lack features and the organization is not at ALL', () => {
    const settings = orgSettings('NEW', false, [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }]);
    const notes = orgNotes('eu-west-1', settings, reports).join('\n');
    expect(notes).toMatch(/1 without runtime monitoring/);
    expect(notes).toMatch(/gdeks enable --features - --organization --auto-enable all --region eu-west-1/);
    expect(notes).toMatch(/1 member account is not Enabled/);
    const all = orgSettings('ALL', false, [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'ALL' }, { Name: 'RUNTIME_MONITORING', AutoEnable: 'ALL' }]);
    expect(orgNotes('eu-west-1', all, reports).join('\n')).toMatch(/up to 24 hours/);
  });

  it('orgSettings reads the EKS features\' levels and the add-on level', () => {
    expect(orgSettings(undefined, undefined, [{ Name: 'RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' }] }])).toEqual({
      autoEnableOrganizationMembers: null,
      memberAccountLimitReached: false,
      features: [
        { name: 'EKS_AUDIT_LOGS', autoEnable: null, eksAddonManagement: null },
        { name: 'RUNTIME_MONITORING', autoEnable: 'NEW', eksAddonManagement: 'ALL' },
        { name: 'EKS_RUNTIME_MONITORING', autoEnable: null, eksAddonManagement: null },
      ],
    });
  });

  it('--fail-unprotected fails on a degraded or unprotected member, not on unknown ones', () => {
    const region = (members: OrgRegionStatus['members']): OrgRegionStatus => ({ region: 'r', detectorId: 'd', organization: null, members, allMembers: members.length, summary: summarizeOrg(members), notes: [], problems: [] });
    expect(orgFailsPolicy(region(reports))).toBe(true);
    expect(orgFailsPolicy(region([reports[3] as never]))).toBe(false);
    expect(orgFailsPolicy(region([judgeMember(member({ features: { unknown: 'x' } }))]))).toBe(false);
  });
});
