import {
  AccessDeniedException,
  DescribeAddonCommand,
  DescribeClusterCommand,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { GetAdministratorAccountCommand, GetDetectorCommand, ListCoverageCommand, ListDetectorsCommand, type CoverageResource } from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { eksMock, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

const ON = [
  { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
  { Name: 'AI_ANALYST', Status: 'DISABLED' }, // a name this SDK may not know: must not matter
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }, { Name: 'EC2_AGENT_MANAGEMENT', Status: 'DISABLED' }] },
];

function detector(features: object[] = ON, status = 'ENABLED') {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDutyMock.on(GetDetectorCommand).resolves({ ServiceRole: 'r', Status: status as never, FindingPublishingFrequency: 'SIX_HOURS', Features: features as never });
  guardDutyMock.on(GetAdministratorAccountCommand).resolves({});
}

function coverage(name: string, extra: { status?: string; issue?: string; covered?: number; compatible?: number; management?: string } = {}): CoverageResource {
  return {
    ResourceId: name,
    DetectorId: 'det-1',
    AccountId: '123456789012',
    CoverageStatus: (extra.status ?? 'HEALTHY') as never,
    ...(extra.issue ? { Issue: extra.issue } : {}),
    ResourceDetails: {
      ResourceType: 'EKS',
      EksClusterDetails: {
        ClusterName: name,
        CoveredNodes: extra.covered ?? 3,
        CompatibleNodes: extra.compatible ?? 3,
        ManagementType: (extra.management ?? 'AUTO_MANAGED') as never,
        AddonDetails: { AddonVersion: 'v1.10.0-eksbuild.2', AddonStatus: 'ACTIVE' },
      },
    },
  };
}

function clusters(names: string[]) {
  eksMock.on(ListClustersCommand).resolves({ clusters: names });
}

function addonInstalled() {
  eksMock.on(DescribeAddonCommand).callsFake(async (input: { clusterName: string }) => ({
    addon: { addonName: 'aws-guardduty-agent', clusterName: input.clusterName, status: 'ACTIVE', addonVersion: 'v1.10.0-eksbuild.2' },
  }));
}

function describeCluster(tags: Record<string, Record<string, string>> = {}) {
  eksMock.on(DescribeClusterCommand).callsFake(async (input: { name: string }) => ({
    cluster: { name: input.name, arn: `arn:aws:eks:us-east-1:123456789012:cluster/${input.name}`, status: 'ACTIVE', tags: tags[input.name] ?? {} },
  }));
}

const notFound = (message: string) => new ResourceNotFoundException({ $metadata: { httpStatusCode: 404 }, message });
const denied = (Ctor: typeof AccessDeniedException, message = 'User: arn:aws:iam::123456789012:user/ci is not authorized') =>
  new Ctor({ $metadata: { httpStatusCode: 403 }, message });

const json = (stdout: string) => JSON.parse(stdout) as { regions: Array<Record<string, unknown> & { clusters: Array<Record<string, unknown>> }> };

describe('gdeks status', () => {
  beforeEach(() => {
    resetAwsMocks();
    eksMock.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    eksMock.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng-1'] });
  });

  it('reports the detector, its EKS features and every cluster; exit 0 without --fail-unprotected', async () => {
    detector();
    clusters(['prod', 'bare']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('prod')] });
    addonInstalled();
    eksMock.on(DescribeAddonCommand, { clusterName: 'bare' }).rejects(notFound('No addon: aws-guardduty-agent found in cluster: bare'));
    describeCluster();
    const r = await runCli(['status', '--region', 'us-east-1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/us-east-1 {2}detector det-1 {2}ENABLED {2}publishing frequency 6h/);
    expect(r.stdout).toMatch(/RUNTIME_MONITORING\s+ENABLED\s+EKS_ADDON_MANAGEMENT ENABLED/);
    expect(r.stdout).toMatch(/prod\s+protected\s+HEALTHY\s+3\/3/);
    expect(r.stdout).toMatch(/bare\s+not-protected\s+NOT_COVERED\s+-\s+-\s+-\s+not installed/);
    expect(r.stdout).toMatch(/fix: aws eks create-addon --cluster-name bare --addon-name aws-guardduty-agent --region us-east-1/);
    expect(r.stdout).not.toMatch(/AI_ANALYST|CLOUD_TRAIL/);
    // The coverage query is filtered to EKS; a fully covered cluster costs no DescribeCluster.
    expect(guardDutyMock.commandCalls(ListCoverageCommand)[0]?.args[0].input).toMatchObject({
      DetectorId: 'det-1',
      FilterCriteria: { FilterCriterion: [{ CriterionKey: 'RESOURCE_TYPE', FilterCondition: { Equals: ['EKS'] } }] },
    });
    expect(eksMock.commandCalls(DescribeClusterCommand).map((c) => c.args[0].input.name)).toEqual(['bare']);
  });

  it('-o json: one object per region with detector, features, frequency and clusters', async () => {
    detector();
    clusters(['prod']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('prod', { status: 'UNHEALTHY', issue: 'No Agent Reporting', covered: 1, compatible: 3, management: 'MANUAL' })] });
    addonInstalled();
    describeCluster();
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [region] = json(r.stdout).regions;
    expect(region).toMatchObject({
      region: 'us-east-1',
      detector: { id: 'det-1', status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' },
      summary: { clusters: 1, degraded: 1, auditLogs: true, runtimeMonitoring: true, eksAddonManagement: true },
      problems: [],
    });
    expect(region?.clusters[0]).toEqual({
      name: 'prod',
      verdict: 'degraded',
      reason: 'GuardDuty reports coverage UNHEALTHY: No Agent Reporting (agent on 1 of 3 compatible nodes)',
      fix: expect.stringMatching(/^check .*com\.amazonaws\.us-east-1\.guardduty-data.*: kubectl -n amazon-guardduty get pods -o wide$/),
      coverageStatus: 'UNHEALTHY',
      issue: 'No Agent Reporting',
      addonVersion: 'v1.10.0-eksbuild.2',
      addonStatus: 'ACTIVE',
      managementType: 'MANUAL',
      coveredNodes: 1,
      compatibleNodes: 3,
      eksAddon: { state: 'installed', status: 'ACTIVE', version: 'v1.10.0-eksbuild.2', issues: [] },
      guardDutyManagedTag: null,
      fargateOnly: null,
    });
    expect(region).not.toHaveProperty('error');
  });

  it('pages through ListClusters and ListCoverage', async () => {
    detector();
    const names = Array.from({ length: 7 }, (_, i) => `c${i}`);
    // Tokens are recorded as each call is made: the SDK's paginators reuse (and mutate) one input object.
    const eksTokens: Array<string | undefined> = [];
    const eksPages: Record<string, { clusters: string[]; nextToken?: string }> = {
      start: { clusters: names.slice(0, 3), nextToken: 'eks-2' },
      'eks-2': { clusters: names.slice(3, 6), nextToken: 'eks-3' },
      'eks-3': { clusters: names.slice(6) },
    };
    eksMock.on(ListClustersCommand).callsFake(async (input: { nextToken?: string; maxResults?: number }) => {
      eksTokens.push(input.nextToken);
      expect(input.maxResults).toBe(100);
      return eksPages[input.nextToken ?? 'start'];
    });
    const gdTokens: Array<string | undefined> = [];
    guardDutyMock.on(ListCoverageCommand).callsFake(async (input: { NextToken?: string }) => {
      gdTokens.push(input.NextToken);
      return input.NextToken === 'gd-2'
        ? { Resources: names.slice(4).map((n) => coverage(n)) }
        : { Resources: names.slice(0, 4).map((n) => coverage(n)), NextToken: 'gd-2' };
    });
    addonInstalled();
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const region = json(r.stdout).regions[0];
    expect(region?.clusters.map((c) => [c.name, c.verdict])).toEqual(names.map((n) => [n, 'protected']));
    expect(eksTokens).toEqual([undefined, 'eks-2', 'eks-3']);
    expect(gdTokens).toEqual([undefined, 'gd-2']);
    expect(eksMock.commandCalls(DescribeAddonCommand)).toHaveLength(7);
  });

  it('keeps at most 10 DescribeAddon calls in flight', async () => {
    detector();
    const names = Array.from({ length: 35 }, (_, i) => `c${i}`);
    clusters(names);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: names.map((n) => coverage(n)) });
    let active = 0;
    let peak = 0;
    eksMock.on(DescribeAddonCommand).callsFake(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((res) => setTimeout(res, 5));
      active--;
      return { addon: { status: 'ACTIVE', addonVersion: 'v1' } };
    });
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(peak).toBe(10);
    expect(eksMock.commandCalls(DescribeAddonCommand)).toHaveLength(35);
  });

  it('an add-on EKS does not know (ResourceNotFoundException) is reported as absent, not as an error', async () => {
    detector();
    clusters(['a']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a')] });
    eksMock.on(DescribeAddonCommand).rejects(notFound('No addon: aws-guardduty-agent found in cluster: a'));
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(json(r.stdout).regions[0]?.clusters[0]).toMatchObject({ verdict: 'protected', eksAddon: { state: 'absent' } });
  });

  it('an endpoint without DescribeAddon (HTML 404): add-on status unknown, a note, and no failure', async () => {
    detector();
    clusters(['a', 'b', 'c']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a'), coverage('b'), coverage('c')] });
    eksMock.on(DescribeAddonCommand).rejects(Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON'), { $metadata: { httpStatusCode: 404 } }));
    const r = await runCli(['status', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/add-on status unknown \(endpoint does not support DescribeAddon\)/);
    expect(r.stderr).toMatch(/note: us-east-1: the EKS endpoint does not support DescribeAddon/);
    expect(r.stderr).not.toMatch(/error/);
  });

  it('GuardDuty readable, EKS denied: shows the detector and covered clusters, names eks:ListClusters, exits 1', async () => {
    detector();
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('prod')] });
    eksMock.on(ListClustersCommand).rejects(denied(AccessDeniedException));
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const region = json(r.stdout).regions[0];
    expect(region).toMatchObject({ detector: { id: 'det-1' }, problems: [{ code: 'AccessDenied', action: 'eks:ListClusters' }] });
    expect(region).not.toHaveProperty('error');
    expect(region?.clusters).toMatchObject([{ name: 'prod', verdict: 'protected', eksAddon: { state: 'unknown' } }]);
    expect(region?.notes).toContainEqual(expect.stringMatching(/uncovered clusters cannot be seen/));
    expect(r.stderr).toMatch(/error: us-east-1: could not read eks:ListClusters: access denied: the caller may not perform eks:ListClusters in us-east-1/);
    expect(eksMock.commandCalls(DescribeAddonCommand)).toHaveLength(0);
  });

  it('eks:DescribeAddon denied: asked a handful of times, not once per cluster; reported once with the count', async () => {
    detector();
    const names = Array.from({ length: 40 }, (_, i) => `c${i}`);
    clusters(names);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: names.map((n) => coverage(n)) });
    eksMock.on(DescribeAddonCommand).callsFake(async () => {
      await new Promise((res) => setTimeout(res, 2));
      throw denied(AccessDeniedException);
    });
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(eksMock.commandCalls(DescribeAddonCommand).length).toBeLessThanOrEqual(10);
    const region = json(r.stdout).regions[0];
    expect(region?.problems).toEqual([{ code: 'AccessDenied', action: 'eks:DescribeAddon', message: expect.stringMatching(/eks:DescribeAddon/), clusters: 40 }]);
    expect(region?.clusters[0]).toMatchObject({ verdict: 'protected', eksAddon: { state: 'unknown', reason: 'access denied (eks:DescribeAddon)' } });
    expect(r.stderr.match(/could not read eks:DescribeAddon for 40 clusters/g)).toHaveLength(1);
  });

  it('EKS readable, GuardDuty denied: lists the clusters as unknown, names guardduty:ListDetectors, exits 1', async () => {
    guardDutyMock.on(ListDetectorsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    clusters(['a']);
    addonInstalled();
    const r = await runCli(['status', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/GuardDuty could not be read/);
    expect(r.stdout).toMatch(/a\s+unknown/);
    expect(r.stdout).toMatch(/a\s+unknown: GuardDuty could not be read: access denied \(guardduty:ListDetectors\)/);
    expect(r.stderr).toMatch(/could not read guardduty:ListDetectors: access denied/);
  });

  it('neither readable: the region fails as a whole with an error object; other regions are still reported', async () => {
    guardDutyMock.on(ListDetectorsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      return { DetectorIds: ['det-1'] };
    });
    guardDutyMock.on(GetDetectorCommand).resolves({ ServiceRole: 'r', Status: 'ENABLED', Features: ON as never });
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a')] });
    eksMock.on(ListClustersCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw denied(AccessDeniedException);
      return { clusters: ['a'] };
    });
    addonInstalled();
    const r = await runCli(['status', '--regions', 'us-east-1,eu-west-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const [ok, failed] = json(r.stdout).regions;
    expect(ok).toMatchObject({ region: 'us-east-1', clusters: [{ name: 'a', verdict: 'protected' }] });
    expect(failed).toMatchObject({ region: 'eu-west-1', clusters: [], error: { code: 'AccessDenied' } });
    expect(failed?.problems).toHaveLength(2);
  });

  it('a failed detector lookup is not "no detector": coverage null, the region carries an error, clusters unknown', async () => {
    guardDutyMock.on(ListDetectorsCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerErrorException', $metadata: { httpStatusCode: 500 } }));
    clusters(['a']);
    addonInstalled();
    const r = await runCli(['status', '--region', 'us-east-1', '--max-attempts', '1', '-o', 'json']);
    expect(r.code).toBe(1);
    const region = json(r.stdout).regions[0];
    expect(region).toMatchObject({
      detector: null,
      error: { code: 'InternalServerErrorException', message: expect.stringMatching(/ListDetectors in us-east-1/) },
      problems: [expect.objectContaining({ action: 'guardduty:ListDetectors' })],
      summary: { auditLogs: null },
    });
    expect(region?.clusters[0]).toMatchObject({ name: 'a', verdict: 'unknown', coverageStatus: null });
    const table = await runCli(['status', '--region', 'us-east-1', '--max-attempts', '1']);
    expect(table.stdout).toMatch(/GuardDuty could not be read/);
    expect(table.stdout).toMatch(/^ {2}a\s+unknown\s+-\s/m);
    expect(table.stdout).not.toMatch(/NOT_COVERED/);
    // One cause, one line.
    expect(table.stderr.match(/error:/g)).toHaveLength(1);
  });

  it('one cause behind several failed reads (no credentials) is printed once', async () => {
    const noCredentials = () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    guardDutyMock.on(ListDetectorsCommand).rejects(noCredentials());
    eksMock.on(ListClustersCommand).rejects(noCredentials());
    const r = await runCli(['status', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: us-east-1: could not read eks:ListClusters, guardduty:ListDetectors: no AWS credentials found for ListClusters in us-east-1$/m);
    // JSON keeps one problem per IAM action.
    const j = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(json(j.stdout).regions[0]?.problems).toHaveLength(2);
  });

  it('a region without a detector: clusters not protected, no ListCoverage call, and a fix', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    clusters(['a']);
    addonInstalled();
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const region = json(r.stdout).regions[0];
    expect(region).toMatchObject({ detector: null, summary: { auditLogs: false, runtimeMonitoring: false }, clusters: [{ verdict: 'not-protected' }] });
    expect(region?.clusters[0]?.fix).toMatch(/gdeks enable --features - --region us-east-1$/);
    expect(guardDutyMock.commandCalls(ListCoverageCommand)).toHaveLength(0);
    expect(region).not.toHaveProperty('error');
  });

  it('Fargate-only and GuardDutyManaged=false clusters are reported as what they are', async () => {
    detector();
    clusters(['fargate', 'optout']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [] });
    eksMock.on(DescribeAddonCommand).rejects(notFound('No addon'));
    describeCluster({ optout: { GuardDutyManaged: 'false' } });
    eksMock.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: ['fp-default'] });
    eksMock.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    const r = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fargate\s+not-applicable\s+NOT_COVERED[\s\S]*fargate\s+not-applicable: Fargate: runtime monitoring does not apply/);
    expect(r.stdout).toMatch(/optout\s+excluded\s+NOT_COVERED[\s\S]*optout\s+excluded: excluded on purpose .*GuardDutyManaged=false/);
    // A short label keeps the VERDICT column narrow; the explanation below names the tag.
    const header = r.stdout.split('\n').find((l) => l.includes('VERDICT')) ?? '';
    expect(header.indexOf('COVERAGE') - header.indexOf('VERDICT') - 2).toBeLessThanOrEqual('excluded (tag)'.length);
    // The opted-out cluster needs no Fargate check: its tag already explains it.
    expect(eksMock.commandCalls(ListFargateProfilesCommand).map((c) => c.args[0].input.clusterName)).toEqual(['fargate']);
  });

  describe('--fail-unprotected', () => {
    it('exits 3 when a cluster is not protected, 0 when all are', async () => {
      detector();
      clusters(['a', 'b']);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a')] });
      addonInstalled();
      describeCluster();
      const failed = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected']);
      expect(failed.code).toBe(3);
      expect(failed.stderr).toBe('--fail-unprotected: 1 cluster not fully protected (b)\n');
      expect((await runCli(['status', '--region', 'us-east-1'])).code).toBe(0);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a'), coverage('b')] });
      const passed = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected']);
      expect(passed.code).toBe(0);
      expect(passed.stderr).toBe('');
    });

    it('exits 3 for a degraded cluster; names at most a few clusters, with their region when there are several', async () => {
      detector();
      const names = ['a', 'b', 'c', 'd', 'e'];
      clusters(names);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: names.map((n) => coverage(n, { covered: 2, compatible: 3 })) });
      addonInstalled();
      describeCluster();
      const one = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected', '-o', 'json']);
      expect(one.code).toBe(3);
      expect(one.stderr).toBe('--fail-unprotected: 5 clusters not fully protected (a, b, c, +2 more)\n');
      const two = await runCli(['status', '--regions', 'us-east-1,eu-west-1', '--fail-unprotected']);
      expect(two.code).toBe(3);
      expect(two.stderr).toMatch(/^--fail-unprotected: 10 clusters not fully protected \(us-east-1\/a, us-east-1\/b, us-east-1\/c, \+7 more\)$/m);
    });

    it('exits 3 when a region with clusters lacks audit-log monitoring, even if every cluster is excluded', async () => {
      detector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }, ...ON.slice(3)]);
      clusters(['optout']);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [] });
      eksMock.on(DescribeAddonCommand).rejects(notFound('No addon'));
      describeCluster({ optout: { GuardDutyManaged: 'false' } });
      const r = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected', '-o', 'json']);
      expect(r.code).toBe(3);
      expect(json(r.stdout).regions[0]?.summary).toMatchObject({ auditLogs: false });
      expect(r.stderr).toBe('--fail-unprotected: 1 cluster not fully protected (optout); EKS audit-log monitoring is off in us-east-1\n');
    });

    it('a region without clusters passes even without audit logs', async () => {
      detector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
      clusters([]);
      expect((await runCli(['status', '--region', 'us-east-1', '--fail-unprotected'])).code).toBe(0);
    });

    it('a read failure wins: exit 1, not 3', async () => {
      detector();
      clusters(['a']);
      guardDutyMock.on(ListCoverageCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerErrorException', $metadata: { httpStatusCode: 500 } }));
      addonInstalled();
      const r = await runCli(['status', '--region', 'us-east-1', '--fail-unprotected', '--max-attempts', '1']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/a\s+unknown/);
    });
  });

  describe('--cluster', () => {
    it('narrows to one cluster, and asks GuardDuty for that one only', async () => {
      detector();
      clusters(['a', 'b', 'c']);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('b')] });
      addonInstalled();
      const r = await runCli(['status', '--region', 'us-east-1', '--cluster', 'b', '-o', 'json']);
      expect(r.code).toBe(0);
      expect(json(r.stdout).regions[0]?.clusters.map((c) => c.name)).toEqual(['b']);
      expect(eksMock.commandCalls(DescribeAddonCommand).map((c) => c.args[0].input.clusterName)).toEqual(['b']);
      expect(guardDutyMock.commandCalls(ListCoverageCommand)[0]?.args[0].input.FilterCriteria?.FilterCriterion).toContainEqual({
        CriterionKey: 'EKS_CLUSTER_NAME',
        FilterCondition: { Equals: ['b'] },
      });
    });

    it('--cluster twice shows both clusters (either name matches), and asks GuardDuty for both', async () => {
      detector();
      clusters(['a', 'b', 'c']);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a'), coverage('c')] });
      addonInstalled();
      const r = await runCli(['status', '--region', 'us-east-1', '--cluster', 'a', '--cluster', 'c', '-o', 'json']);
      expect(r.code).toBe(0);
      expect(json(r.stdout).regions[0]?.clusters.map((c) => c.name)).toEqual(['a', 'c']);
      expect(guardDutyMock.commandCalls(ListCoverageCommand)[0]?.args[0].input.FilterCriteria?.FilterCriterion).toContainEqual({
        CriterionKey: 'EKS_CLUSTER_NAME',
        FilterCondition: { Equals: ['a', 'c'] },
      });
    });

    it('a name found in no region exits 1 and says so', async () => {
      detector();
      clusters(['a']);
      guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [] });
      const r = await runCli(['status', '--regions', 'us-east-1,eu-west-1', '--cluster', 'nope']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/no EKS cluster named nope/);
      expect(r.stderr).toMatch(/no EKS cluster named "nope" in us-east-1, eu-west-1/);
    });

    it('an empty name is a usage error before any call', async () => {
      const r = await runCli(['status', '--region', 'us-east-1', '--cluster', ' ']);
      expect(r.code).toBe(2);
      expect(guardDutyMock.calls()).toHaveLength(0);
      expect(eksMock.calls()).toHaveLength(0);
    });
  });

  it('in a member account, detector fixes point at the administrator instead of gdeks enable', async () => {
    detector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }, ...ON.slice(3)]);
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    clusters(['a']);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [coverage('a')] });
    addonInstalled();
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const c = json(r.stdout).regions[0]?.clusters[0];
    expect(c).toMatchObject({ verdict: 'degraded', fix: null });
    expect(c?.reason).toMatch(/administrator account 111122223333/);
    expect(r.stderr).toMatch(/note: us-east-1: this account is a GuardDuty member of administrator account 111122223333/);
  });

  it('Ctrl-C while the add-ons are read: queued calls never start, nothing half-printed, exit 130', async () => {
    detector();
    const names = Array.from({ length: 50 }, (_, i) => `c${i}`);
    clusters(names);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: names.map((n) => coverage(n)) });
    const controller = new AbortController();
    eksMock.on(DescribeAddonCommand).callsFake(async () => {
      if (eksMock.commandCalls(DescribeAddonCommand).length === 12) controller.abort(new InterruptedError('SIGINT'));
      await new Promise((res) => setTimeout(res, 5));
      return { addon: { status: 'ACTIVE' } };
    });
    const r = await runCli(['status', '--region', 'us-east-1', '-o', 'json'], { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(eksMock.commandCalls(DescribeAddonCommand).length).toBeLessThan(25);
  });

  it('both runtime features on: a note about the double cost', async () => {
    detector([...ON, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }]);
    clusters([]);
    guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [] });
    const r = await runCli(['status', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RUNTIME_MONITORING\s+ENABLED[\s\S]*EKS_RUNTIME_MONITORING\s+ENABLED/);
    expect(r.stderr).toMatch(/both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING are ENABLED/);
  });
});
