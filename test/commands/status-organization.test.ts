import {
  BadRequestException,
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetMemberDetectorsCommand,
  ListCoverageCommand,
  ListDetectorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  type CoverageResource,
  type Member,
} from '@aws-sdk/client-guardduty';
import { ListClustersCommand } from '@aws-sdk/client-eks';
import { beforeEach, describe, expect, it } from 'vitest';
import { eksMock, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

const id = (i: number) => String(100_000_000_000 + i);
const members: Member[] = Array.from({ length: 120 }, (_, i) => ({
  AccountId: id(i),
  MasterId: '999999999999',
  Email: `m${i}@example.com`,
  RelationshipStatus: i === 7 ? 'Removed' : 'Enabled',
  UpdatedAt: '2026-06-01T00:00:00Z',
  ...(i === 7 ? {} : { DetectorId: `det-${i}` }),
}));

const COVERAGE: CoverageResource[] = [
  { ResourceId: 'shop', AccountId: id(1), CoverageStatus: 'HEALTHY', ResourceDetails: { ResourceType: 'EKS', EksClusterDetails: { ClusterName: 'shop', CoveredNodes: 3, CompatibleNodes: 3 } } },
  { ResourceId: 'pay', AccountId: id(2), CoverageStatus: 'UNHEALTHY', Issue: 'No Agent Reporting', ResourceDetails: { ResourceType: 'EKS', EksClusterDetails: { ClusterName: 'pay', CoveredNodes: 0, CompatibleNodes: 2 } } },
  // The administrator's own cluster: not a member's, so not in any member row.
  { ResourceId: 'admin-own', AccountId: '999999999999', CoverageStatus: 'HEALTHY', ResourceDetails: { ResourceType: 'EKS', EksClusterDetails: { ClusterName: 'admin-own', CoveredNodes: 1, CompatibleNodes: 1 } } },
];

const tokens: string[] = [];

function organization() {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-admin'] });
  guardDutyMock.on(GetDetectorCommand).resolves({ ServiceRole: 'role', Status: 'ENABLED', Features: [] });
  guardDutyMock.on(DescribeOrganizationConfigurationCommand).resolves({
    MemberAccountLimitReached: false,
    AutoEnableOrganizationMembers: 'NEW',
    Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }],
  });
  // Three pages of 50, 50 and 20: the adapter must follow NextToken. (The SDK's paginator reuses one input
  // object, so the token each call carried is recorded when it is made.)
  tokens.length = 0;
  guardDutyMock.on(ListMembersCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number; OnlyAssociated?: string }) => {
    tokens.push(`${input.NextToken ?? '-'}/${input.MaxResults}/${input.OnlyAssociated}`);
    const start = input.NextToken === 't2' ? 100 : input.NextToken === 't1' ? 50 : 0;
    const next = start === 0 ? 't1' : start === 50 ? 't2' : undefined;
    return { Members: members.slice(start, start + 50), ...(next ? { NextToken: next } : {}) };
  });
  guardDutyMock.on(GetMemberDetectorsCommand).callsFake(async (input: { AccountIds: string[] }) => ({
    MemberDataSourceConfigurations: input.AccountIds.map((accountId) => ({
      AccountId: accountId,
      DataSources: undefined,
      Features: [
        { Name: 'EKS_AUDIT_LOGS', Status: accountId === id(3) ? 'DISABLED' : 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ],
    })),
    UnprocessedAccounts: [],
  }));
  guardDutyMock.on(ListCoverageCommand).resolves({ Resources: COVERAGE });
}

describe('gdeks status --organization', () => {
  beforeEach(resetAwsMocks);

  it('lists every member (all pages, OnlyAssociated false) and reads their detectors in batches of at most 50', async () => {
    organization();
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(guardDutyMock.commandCalls(ListMembersCommand)[0]?.args[0].input.DetectorId).toBe('det-admin');
    expect(tokens).toEqual(['-/50/false', 't1/50/false', 't2/50/false']);
    const batches = guardDutyMock.commandCalls(GetMemberDetectorsCommand).map((c) => c.args[0].input.AccountIds ?? []);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 19]);
    expect(batches.flat()).not.toContain(id(7)); // not Enabled: nothing to read
    const region = JSON.parse(r.stdout).regions[0];
    expect(region.members).toHaveLength(120);
    expect(region.summary).toMatchObject({ members: 120, enabled: 119, degraded: 2, notProtected: 1, clusters: 2, healthyClusters: 1 });
    const byId = new Map(region.members.map((m: { accountId: string }) => [m.accountId, m]));
    expect(byId.get(id(1))).toMatchObject({ verdict: 'protected', clusters: [{ name: 'shop', coverageStatus: 'HEALTHY' }] });
    expect(byId.get(id(2))).toMatchObject({ verdict: 'degraded', clusters: [{ name: 'pay', issue: 'No Agent Reporting' }] });
    expect(byId.get(id(3))).toMatchObject({ verdict: 'degraded', reason: expect.stringMatching(/audit-log monitoring is off/) });
    expect(byId.get(id(7))).toMatchObject({ verdict: 'not-protected', relationshipStatus: 'Removed', features: null });
    expect(region.organization).toMatchObject({ autoEnableOrganizationMembers: 'NEW' });
    // The organization view never asks EKS: the administrator cannot see members' clusters there.
    expect(eksMock.commandCalls(ListClustersCommand)).toHaveLength(0);
  });

  it('runs the chains at once: ListCoverage alongside ListMembers, each page\'s detectors read before the last page is listed', async () => {
    organization();
    const events: string[] = [];
    let detectorsAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (detectorsAsked = resolve));
    guardDutyMock.on(ListMembersCommand).callsFake(async (input: { NextToken?: string }) => {
      const start = input.NextToken === 't2' ? 100 : input.NextToken === 't1' ? 50 : 0;
      // The last page waits for a GetMemberDetectors call (or, read one after another, gives up after 3 s).
      if (start === 100) await Promise.race([asked, new Promise((r) => setTimeout(r, 3000))]);
      events.push(`ListMembers ${start}`);
      const next = start === 0 ? 't1' : start === 50 ? 't2' : undefined;
      return { Members: members.slice(start, start + 50), ...(next ? { NextToken: next } : {}) };
    });
    guardDutyMock.on(ListCoverageCommand).callsFake(async () => {
      events.push('ListCoverage');
      return { Resources: COVERAGE };
    });
    guardDutyMock.on(GetMemberDetectorsCommand).callsFake(async (input: { AccountIds: string[] }) => {
      events.push('GetMemberDetectors');
      detectorsAsked();
      return { MemberDataSourceConfigurations: input.AccountIds.map((accountId) => ({ AccountId: accountId, Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] })), UnprocessedAccounts: [] };
    });
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const last = events.indexOf('ListMembers 100');
    expect(events.indexOf('ListCoverage')).toBeLessThan(last);
    expect(events.indexOf('GetMemberDetectors')).toBeLessThan(last);
    expect(JSON.parse(r.stdout).regions[0].members.map((m: { accountId: string }) => m.accountId)).toEqual(members.map((m) => m.AccountId).sort());
  });

  it('--verdict lists only members with those verdicts; the summary still counts every member', async () => {
    organization();
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json', '--verdict', 'degraded', '--verdict', 'not-protected']);
    expect(r.code).toBe(0);
    const region = JSON.parse(r.stdout).regions[0];
    expect(region.members.map((m: { accountId: string; verdict: string }) => `${m.accountId} ${m.verdict}`)).toEqual([
      `${id(2)} degraded`,
      `${id(3)} degraded`,
      `${id(7)} not-protected`,
    ]);
    expect(region.summary).toMatchObject({ members: 120, enabled: 119, degraded: 2, notProtected: 1 });
    const table = await runCli(['status', '--organization', '--region', 'us-east-1', '--verdict', 'not-protected,degraded']);
    expect(table.stdout).toMatch(/listed: 3 members degraded or not-protected \(--verdict\)/);
    expect(table.stdout).toMatch(/120 members \(119 enabled\): 117 protected, 2 degraded, 1 not protected/);
    expect(table.stdout).not.toMatch(new RegExp(`${id(1)}\\s`));
    const none = await runCli(['status', '--organization', '--region', 'us-east-1', '--verdict', 'unknown']);
    expect(none.stdout).toMatch(/no member account is unknown/);
    expect(none.stdout).toMatch(/120 members \(119 enabled\)/);
  });

  it('--verdict with a word that is not a verdict: exit 2 naming the allowed words, nothing sent', async () => {
    organization();
    for (const args of [['--verdict', 'degraded,NOT PROTECTED'], ['--verdict', 'bad'], ['--verdict', ',']]) {
      const r = await runCli(['status', '--organization', '--region', 'us-east-1', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--verdict: .*protected, degraded, not-protected, unknown/);
    }
    const plain = await runCli(['status', '--region', 'us-east-1', '--verdict', 'degraded']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/use it with --organization/);
    expect(guardDutyMock.commandCalls(ListDetectorsCommand)).toHaveLength(0);
  });

  it('--fail-unprotected covers members: exit 3 when one is not fully protected', async () => {
    organization();
    const r = await runCli(['status', '--organization', '--fail-unprotected', '--region', 'us-east-1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/100000000002\s+Enabled\s+on\s+RUNTIME\s+managed\s+0\/1 healthy\s+degraded/);
    expect(r.stdout).toMatch(/120 members \(119 enabled\)/);
  });

  it('--cluster narrows coverage server-side and lists only the members that have such a cluster', async () => {
    organization();
    const r = await runCli(['status', '--organization', '--cluster', 'shop', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const filter = guardDutyMock.commandCalls(ListCoverageCommand)[0]?.args[0].input.FilterCriteria?.FilterCriterion;
    expect(filter).toContainEqual({ CriterionKey: 'EKS_CLUSTER_NAME', FilterCondition: { Equals: ['shop'] } });
    // The mock ignores the filter; what matters is that only members with a listed cluster are shown.
    const ids = JSON.parse(r.stdout).regions[0].members.map((m: { accountId: string }) => m.accountId);
    expect(ids).toEqual([id(1), id(2)]);
  });

  it('--cluster matching no member\'s cluster fails like status --cluster: exit 1, never "no member accounts"', async () => {
    organization();
    // Like GuardDuty, honour the EKS_CLUSTER_NAME filter.
    guardDutyMock.on(ListCoverageCommand).callsFake(async (input: { FilterCriteria?: { FilterCriterion?: Array<{ CriterionKey?: string; FilterCondition?: { Equals?: string[] } }> } }) => {
      const name = input.FilterCriteria?.FilterCriterion?.find((c) => c.CriterionKey === 'EKS_CLUSTER_NAME')?.FilterCondition?.Equals?.[0];
      return { Resources: COVERAGE.filter((r) => name === undefined || r.ResourceDetails?.EksClusterDetails?.ClusterName === name) };
    });
    const r = await runCli(['status', '--organization', '--cluster', 'nope', '--fail-unprotected', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: no EKS cluster named "nope" in GuardDuty's coverage of any member account in us-east-1/m);
    expect(r.stdout).not.toMatch(/no member accounts|\b0 members/);
    expect(r.stdout).toMatch(/no member account has a covered EKS cluster named nope \(120 members\)/);
    const shop = await runCli(['status', '--organization', '--cluster', 'shop', '--region', 'us-east-1']);
    expect(shop.code).toBe(0);
    expect(shop.stdout).toMatch(/1 of 120 members with a covered cluster named shop \(1 enabled\): 1 protected/);
  });

  it('--cluster with coverage unreadable: says the matching members are unknown, exit 1', async () => {
    organization();
    guardDutyMock.on(ListCoverageCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const r = await runCli(['status', '--organization', '--cluster', 'shop', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/GuardDuty's coverage could not be read: which of the 120 members have a cluster named shop is unknown/);
    expect(r.stderr).not.toMatch(/no EKS cluster named/);
  });

  it('--fail-unprotected says which members failed, on stderr', async () => {
    organization();
    const r = await runCli(['status', '--organization', '--fail-unprotected', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n--fail-unprotected: 3 member accounts not fully protected \(100000000002, 100000000003, 100000000007\)\n$/);
  });

  it('one cause behind several failed reads (credentials expired mid-run) is printed once', async () => {
    organization();
    const expired = () => Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 403 } });
    guardDutyMock.on(GetMemberDetectorsCommand).rejects(expired());
    guardDutyMock.on(ListCoverageCommand).rejects(expired());
    const r = await runCli(['status', '--organization', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: us-east-1: could not read guardduty:GetMemberDetectors, guardduty:ListCoverage: the AWS credentials have expired/m);
  });

  it('members GuardDuty cannot report on are unknown, not failures of the run', async () => {
    organization();
    guardDutyMock.on(GetMemberDetectorsCommand).callsFake(async (input: { AccountIds: string[] }) => ({
      MemberDataSourceConfigurations: [],
      UnprocessedAccounts: input.AccountIds.map((a) => ({ AccountId: a, Result: 'not associated' })),
    }));
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).regions[0].summary).toMatchObject({ unknown: 119, notProtected: 1 });
  });

  it('a coverage read failure is reported with its IAM action and exits 1; members are still listed', async () => {
    organization();
    guardDutyMock.on(ListCoverageCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const region = JSON.parse(r.stdout).regions[0];
    expect(region.members).toHaveLength(120);
    expect(region.problems).toEqual([expect.objectContaining({ code: 'AccessDenied', action: 'guardduty:ListCoverage' })]);
    expect(r.stderr).toMatch(/could not read guardduty:ListCoverage/);
  });

  it('coverage that fails after its first page is unknown for every member, not the first page alone (exit 1)', async () => {
    organization();
    guardDutyMock.on(ListCoverageCommand).callsFake(async (input: { NextToken?: string }) => {
      if (input.NextToken === undefined) return { Resources: COVERAGE, NextToken: 'c1' };
      throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    });
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const members = JSON.parse(r.stdout).regions[0].members as Array<{ accountId: string; clusters: unknown }>;
    expect(members).toHaveLength(120);
    expect(members.filter((m) => m.clusters !== null)).toEqual([]);
    expect(r.stderr).toMatch(/could not read guardduty:ListCoverage/);
    // With --cluster, as when the first page fails: the first page's matches are not listed as if known.
    const narrowed = await runCli(['status', '--organization', '--region', 'us-east-1', '--cluster', 'shop', '-o', 'json']);
    guardDutyMock.on(ListCoverageCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const firstPageFails = await runCli(['status', '--organization', '--region', 'us-east-1', '--cluster', 'shop', '-o', 'json']);
    expect(narrowed.code).toBe(1);
    expect(narrowed.stdout).toBe(firstPageFails.stdout);
    expect(JSON.parse(narrowed.stdout).regions[0].members).toEqual([]);
  });

  it('from a member account: names the administrator, exit 1', async () => {
    organization();
    guardDutyMock.on(DescribeOrganizationConfigurationCommand).rejects(
      new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request failed because you do not have required AWS Organization master permission.' }),
    );
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    guardDutyMock.on(ListOrganizationAdminAccountsCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'no' }));
    const r = await runCli(['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).regions[0].error.code).toBe('MemberAccount');
    expect(r.stderr).toMatch(/administrator is account 111122223333/);
    expect(guardDutyMock.commandCalls(ListMembersCommand)).toHaveLength(0);
  });
});
