// Drives the test server with the real AWS SDK v3 client (and the aws CLI when installed), proving the SDK
// deserializes every operation and that validation and fault injection behave like the real service.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ArchiveFindingsCommand,
  CreateDetectorCommand,
  CreateSampleFindingsCommand,
  DeleteDetectorCommand,
  GetAdministratorAccountCommand,
  GetCoverageStatisticsCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListCoverageCommand,
  ListDetectorsCommand,
  ListFindingsCommand,
  UnarchiveFindingsCommand,
  UpdateDetectorCommand,
  paginateListCoverage,
  paginateListFindings,
  type Finding,
  type FindingCriteria,
  type GuardDutyClientConfig,
} from '@aws-sdk/client-guardduty';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_VALUE } from './errors.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from './server.js';

const execFileP = promisify(execFile);
const BASE_TIME = '2026-06-01T00:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const open: RunningServer[] = [];
async function start(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startGuardDutyServer({ baseTime: BASE_TIME, ...options });
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function client(server: RunningServer, region = 'us-east-1', extra: Partial<GuardDutyClientConfig> = {}): GuardDutyClient {
  return new GuardDutyClient({
    region,
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    ...extra,
  });
}

async function detectorId(gd: GuardDutyClient): Promise<string> {
  const { DetectorIds } = await gd.send(new ListDetectorsCommand({}));
  const id = DetectorIds?.[0];
  if (!id) throw new Error('no detector');
  return id;
}

/** The SDK error for a failing call (name, message, modeled Type, HTTP status). */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; type?: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; Type?: string; $metadata?: { httpStatusCode?: number } };
    const out: { name: string; message: string; type?: string; status?: number } = { name: err.name, message: err.message };
    if (err.Type !== undefined) out.type = err.Type;
    if (err.$metadata?.httpStatusCode !== undefined) out.status = err.$metadata.httpStatusCode;
    return out;
  }
  throw new Error('expected the call to fail');
}

/** A raw HTTP call, with a SigV4-looking Authorization header naming the region when given. */
async function raw(server: RunningServer, method: string, path: string, body?: unknown, region?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (region) headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIDTEST/20260601/${region}/guardduty/aws4_request, SignedHeaders=host, Signature=00`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function allFindingIds(gd: GuardDutyClient, id: string, criteria?: FindingCriteria): Promise<string[]> {
  const ids: string[] = [];
  const input = criteria ? { DetectorId: id, FindingCriteria: criteria } : { DetectorId: id };
  for await (const page of paginateListFindings({ client: gd }, input)) ids.push(...(page.FindingIds ?? []));
  return ids;
}

async function getFindings(gd: GuardDutyClient, id: string, ids: string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: ids.slice(i, i + 50) }));
    out.push(...(Findings ?? []));
  }
  return out;
}

describe('detectors', () => {
  it('seeds one detector per region with AWS-shaped GetDetector output', async () => {
    const server = await start();
    const gd = client(server, 'eu-west-1');
    const id = await detectorId(gd);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const d = await gd.send(new GetDetectorCommand({ DetectorId: id }));
    expect(d.$metadata.requestId).toMatch(UUID);
    expect(d.Status).toBe('ENABLED');
    expect(d.FindingPublishingFrequency).toBe('SIX_HOURS');
    expect(d.ServiceRole).toContain('AWSServiceRoleForAmazonGuardDuty');
    expect(typeof d.CreatedAt).toBe('string');
    expect(typeof d.UpdatedAt).toBe('string');
    const features = new Map<string | undefined, NonNullable<typeof d.Features>[number]>(d.Features?.map((f) => [f.Name, f]));
    expect([...features.keys()]).toEqual([
      'FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS', 'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION',
      'RDS_LOGIN_EVENTS', 'EKS_RUNTIME_MONITORING', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING',
    ]);
    for (const name of ['FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS', 'S3_DATA_EVENTS']) expect(features.get(name)?.Status).toBe('ENABLED');
    expect(features.get('EKS_AUDIT_LOGS')?.Status).toBe('DISABLED');
    expect(features.get('RUNTIME_MONITORING')?.Status).toBe('DISABLED');
    const eksRuntime = features.get('EKS_RUNTIME_MONITORING');
    expect(eksRuntime?.Status).toBe('DISABLED');
    expect(eksRuntime?.UpdatedAt).toBeInstanceOf(Date);
    expect(eksRuntime?.AdditionalConfiguration).toEqual([{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED', UpdatedAt: expect.any(Date) }]);
    expect(features.get('RUNTIME_MONITORING')?.AdditionalConfiguration?.map((a) => a.Name)).toEqual([
      'EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT',
    ]);
    expect(d.DataSources?.Kubernetes?.AuditLogs?.Status).toBe('DISABLED');
    expect(d.Tags).toEqual({});

    const other = await detectorId(client(server, 'us-west-2'));
    expect(other).not.toBe(id);
  });

  it('CreateDetector enables every unnamed feature except RUNTIME_MONITORING, and refuses a second detector', async () => {
    const server = await start({ detector: false });
    const gd = client(server);
    expect((await gd.send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    const created = await gd.send(new CreateDetectorCommand({
      Enable: true,
      ClientToken: 'token-1',
      Tags: { owner: 'platform' },
      Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }],
    }));
    const id = created.DetectorId ?? '';
    const d = await gd.send(new GetDetectorCommand({ DetectorId: id }));
    const status = Object.fromEntries(d.Features?.map((f) => [f.Name, f.Status]) ?? []);
    expect(status).toMatchObject({ EKS_AUDIT_LOGS: 'ENABLED', S3_DATA_EVENTS: 'ENABLED', EKS_RUNTIME_MONITORING: 'ENABLED', RUNTIME_MONITORING: 'DISABLED' });
    const addon = d.Features?.find((f) => f.Name === 'EKS_RUNTIME_MONITORING')?.AdditionalConfiguration?.[0];
    expect(addon).toMatchObject({ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' });
    expect(d.Tags).toEqual({ owner: 'platform' });

    // The same idempotency token returns the same detector; a new request is refused like AWS does.
    expect((await gd.send(new CreateDetectorCommand({ Enable: true, ClientToken: 'token-1' }))).DetectorId).toBe(id);
    const err = await failure(gd.send(new CreateDetectorCommand({ Enable: true })));
    expect(err).toEqual({
      name: 'BadRequestException',
      message: 'The request is rejected because a detector already exists for the current account.',
      type: 'InvalidInputException',
      status: 400,
    });
  });

  it('CreateDetector accepts the deprecated DataSources form', async () => {
    const server = await start({ detector: false });
    const gd = client(server);
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true, DataSources: { Kubernetes: { AuditLogs: { Enable: false } } } }));
    const d = await gd.send(new GetDetectorCommand({ DetectorId }));
    expect(d.Features?.find((f) => f.Name === 'EKS_AUDIT_LOGS')?.Status).toBe('DISABLED');
    expect(d.DataSources?.Kubernetes?.AuditLogs?.Status).toBe('DISABLED');
  });

  it('UpdateDetector merges features and additional configuration by name and sets enable/frequency', async () => {
    const server = await start();
    const gd = client(server);
    const id = await detectorId(gd);
    await gd.send(new UpdateDetectorCommand({
      DetectorId: id,
      Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }],
    }));
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], FindingPublishingFrequency: 'FIFTEEN_MINUTES' }));
    // Listing the runtime feature without AdditionalConfiguration keeps the add-on setting.
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }] }));
    const d = await gd.send(new GetDetectorCommand({ DetectorId: id }));
    const byName = new Map(d.Features?.map((f) => [f.Name, f]));
    expect(byName.get('EKS_AUDIT_LOGS')?.Status).toBe('ENABLED');
    expect(byName.get('EKS_RUNTIME_MONITORING')?.Status).toBe('ENABLED');
    expect(byName.get('EKS_RUNTIME_MONITORING')?.AdditionalConfiguration?.[0]?.Status).toBe('ENABLED');
    expect(byName.get('S3_DATA_EVENTS')?.Status).toBe('ENABLED');
    expect(d.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');

    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Enable: false }));
    expect((await gd.send(new GetDetectorCommand({ DetectorId: id }))).Status).toBe('DISABLED');
  });

  it('rejects invalid detector input with the service messages', async () => {
    const server = await start();
    const gd = client(server);
    const id = await detectorId(gd);
    const update = (input: Omit<ConstructorParameters<typeof UpdateDetectorCommand>[0], 'DetectorId'>) =>
      failure(gd.send(new UpdateDetectorCommand({ DetectorId: id, ...input })));
    const cases = [
      await update({ Features: [{ Name: 'EKS_RUNTIME_MONITORNG' as never, Status: 'ENABLED' }] }),
      await update({ Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ON' as never }] }),
      await update({ Features: [{ Name: 'FLOW_LOGS' as never, Status: 'ENABLED' }] }),
      await update({ FindingPublishingFrequency: '15m' as never }),
      await update({ Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MGMT' as never, Status: 'ENABLED' }] }] }),
    ];
    for (const err of cases) expect(err).toMatchObject({ name: 'BadRequestException', message: INVALID_VALUE, status: 400 });

    const both = await update({ Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }, { Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }] });
    expect(both).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(both.message).toContain('RUNTIME_MONITORING');
    const mixed = await update({ Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], DataSources: { S3Logs: { Enable: true } } });
    expect(mixed).toMatchObject({ name: 'BadRequestException', status: 400 });

    const notOwned = await failure(gd.send(new GetDetectorCommand({ DetectorId: '0'.repeat(32) })));
    expect(notOwned).toEqual({
      name: 'BadRequestException',
      message: 'The request is rejected because the input detectorId is not owned by the current account.',
      type: 'InvalidInputException',
      status: 400,
    });
    expect(await failure(gd.send(new ListDetectorsCommand({ MaxResults: 51 })))).toMatchObject({ status: 400 });
    expect(await failure(gd.send(new ListDetectorsCommand({ NextToken: 'garbage' })))).toMatchObject({ status: 400 });
    const noEnable = await raw(server, 'POST', '/detector', {}, 'ap-south-1');
    expect(noEnable.status).toBe(400);
  });

  it('DeleteDetector removes the detector (and its id stops being owned)', async () => {
    const server = await start();
    const gd = client(server);
    const id = await detectorId(gd);
    await gd.send(new DeleteDetectorCommand({ DetectorId: id }));
    expect((await gd.send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    expect(await failure(gd.send(new GetDetectorCommand({ DetectorId: id })))).toMatchObject({ name: 'BadRequestException', status: 400 });
  });

  it('member mode: administrator reported, features and frequency owned by the administrator', async () => {
    const server = await start({ memberOf: '111122223333' });
    const gd = client(server);
    const id = await detectorId(gd);
    const admin = await gd.send(new GetAdministratorAccountCommand({ DetectorId: id }));
    expect(admin.Administrator).toMatchObject({ AccountId: '111122223333', RelationshipStatus: 'Enabled' });
    expect(typeof admin.Administrator?.InvitationId).toBe('string');
    expect(typeof admin.Administrator?.InvitedAt).toBe('string');
    for (const input of [{ Features: [{ Name: 'EKS_AUDIT_LOGS' as const, Status: 'ENABLED' as const }] }, { FindingPublishingFrequency: 'ONE_HOUR' as const }]) {
      expect(await failure(gd.send(new UpdateDetectorCommand({ DetectorId: id, ...input })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Enable: true }));
    const ids = await allFindingIds(gd, id);
    expect(await failure(gd.send(new ArchiveFindingsCommand({ DetectorId: id, FindingIds: ids.slice(0, 1) })))).toMatchObject({ status: 400 });

    const standalone = await start();
    const sgd = client(standalone);
    const none = await sgd.send(new GetAdministratorAccountCommand({ DetectorId: await detectorId(sgd) }));
    expect(none.Administrator).toBeUndefined();
  });
});

describe('findings', () => {
  let server: RunningServer;
  let gd: GuardDutyClient;
  let id: string;
  beforeAll(async () => {
    server = await startGuardDutyServer({ baseTime: BASE_TIME, seed: 7 });
    gd = client(server, 'eu-central-1');
    id = await detectorId(gd);
  });
  afterAll(() => server.close());

  it('lists every seeded finding through the SDK paginator', async () => {
    const ids = await allFindingIds(gd, id);
    expect(ids).toHaveLength(66);
    expect(new Set(ids).size).toBe(66);
    expect(server.stats.byOperation.ListFindings).toBe(2);
  });

  it('GetFindings returns realistic EKS audit, runtime and non-EKS findings the SDK fully deserializes', async () => {
    const findings = await getFindings(gd, id, await allFindingIds(gd, id));
    const audit = findings.find((f) => f.Type === 'CredentialAccess:Kubernetes/MaliciousIPCaller');
    const runtime = findings.find((f) => f.Type === 'CryptoCurrency:Runtime/BitcoinTool.B');
    const probe = findings.find((f) => f.Resource?.ResourceType === 'Instance');
    if (!audit || !runtime || !probe) throw new Error('missing seeded kinds');

    expect(audit).toMatchObject({ AccountId: '123456789012', Region: 'eu-central-1', SchemaVersion: '2.0', Partition: 'aws', Severity: 8 });
    expect(audit.Arn).toBe(`arn:aws:guardduty:eu-central-1:123456789012:detector/${id}/finding/${audit.Id}`);
    expect(audit.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(audit.Resource?.ResourceType).toBe('EKSCluster');
    const eks = audit.Resource?.EksClusterDetails;
    expect(eks).toMatchObject({ Status: 'ACTIVE', Arn: `arn:aws:eks:eu-central-1:123456789012:cluster/${eks?.Name}` });
    expect(['prod-eu', 'payments', 'staging', 'ml-batch']).toContain(eks?.Name);
    expect(eks?.CreatedAt).toBeInstanceOf(Date);
    expect(eks?.VpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
    expect(eks?.Tags?.[0]).toEqual({ Key: expect.any(String), Value: expect.any(String) });
    expect(audit.Resource?.KubernetesDetails?.KubernetesUserDetails?.Username).toBeTruthy();
    expect(audit.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace).toBeTruthy();
    const call = audit.Service?.Action?.KubernetesApiCallAction;
    expect(call?.SourceIps?.[0]).toBe(call?.RemoteIpDetails?.IpAddressV4);
    expect(call?.RemoteIpDetails?.Organization?.Asn).toBeTruthy();
    expect(call?.RemoteIpDetails?.Country?.CountryName).toBeTruthy();
    expect(call?.RemoteIpDetails?.City?.CityName).toBeTruthy();
    expect(typeof call?.RemoteIpDetails?.GeoLocation?.Lat).toBe('number');
    expect(call).toMatchObject({ Verb: 'get', StatusCode: 200, UserAgent: expect.any(String), RequestUri: expect.stringContaining('/secrets/') });
    expect(audit.Service).toMatchObject({ FeatureName: 'EksAuditLogs', ServiceName: 'guardduty', DetectorId: id, Count: expect.any(Number) });
    expect(audit.Service?.EventFirstSeen).toMatch(/Z$/);

    expect(runtime.Resource?.ResourceType).toBe('EKSCluster');
    expect(runtime.Service?.FeatureName).toBe('RuntimeMonitoring');
    expect(runtime.Service?.RuntimeDetails?.Process).toMatchObject({ Name: 'xmrig', ExecutablePath: '/usr/local/bin/xmrig', Pid: expect.any(Number), User: 'root' });
    expect(runtime.Service?.RuntimeDetails?.Process?.StartTime).toBeInstanceOf(Date);
    expect(runtime.Service?.RuntimeDetails?.Process?.Lineage?.length).toBe(2);
    expect(runtime.Resource?.ContainerDetails?.Image).toContain('.dkr.ecr.eu-central-1.amazonaws.com/');
    expect(runtime.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Containers?.[0]?.Name).toBeTruthy();

    expect(probe.Type).toBe('Recon:EC2/PortProbeUnprotectedPort');
    expect(probe.Resource?.InstanceDetails?.InstanceId).toMatch(/^i-0/);
    expect(probe.Service?.Action?.PortProbeAction?.PortProbeDetails?.[0]?.LocalPortDetails?.Port).toBe(22);

    const severities = new Set(findings.map((f) => f.Severity));
    for (const s of [2, 5, 8, 9.2]) expect(severities).toContain(s);
    expect(findings.filter((f) => f.Service?.Archived).length).toBeGreaterThan(0);
  });

  it('filters with FindingCriteria (current and deprecated operators) and sorts', async () => {
    const all = await getFindings(gd, id, await allFindingIds(gd, id));
    const count = (pred: (f: Finding) => boolean) => all.filter(pred).length;
    const eksOnly = await allFindingIds(gd, id, { Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } });
    expect(eksOnly).toHaveLength(count((f) => f.Resource?.ResourceType === 'EKSCluster'));
    expect(eksOnly.length).toBe(60);

    const highNew = await allFindingIds(gd, id, { Criterion: { severity: { GreaterThanOrEqual: 7 } } });
    const highOld = await allFindingIds(gd, id, { Criterion: { severity: { Gte: 7 } } });
    expect(highNew).toEqual(highOld);
    expect(highNew).toHaveLength(count((f) => (f.Severity ?? 0) >= 7));

    const payments = await allFindingIds(gd, id, {
      Criterion: {
        'resource.eksClusterDetails.name': { Equals: ['payments'] },
        'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { NotEquals: ['kube-system'] },
        'service.archived': { Equals: ['false'] },
      },
    });
    expect(payments).toHaveLength(count((f) =>
      f.Resource?.EksClusterDetails?.Name === 'payments' &&
      f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace !== 'kube-system' &&
      f.Service?.Archived === false));
    expect(payments.length).toBeGreaterThan(0);

    const runtime = await allFindingIds(gd, id, { Criterion: { 'service.featureName': { Equals: ['RuntimeMonitoring'] } } });
    expect(runtime).toHaveLength(count((f) => f.Service?.FeatureName === 'RuntimeMonitoring'));

    // `type` Equals is exact: no prefix matching, as on the real ListFindings.
    expect(await allFindingIds(gd, id, { Criterion: { type: { Equals: ['Execution:Kubernetes/'] } } })).toEqual([]);
    const exact = await allFindingIds(gd, id, { Criterion: { type: { Equals: ['Execution:Kubernetes/ExecInKubeSystemPod'] } } });
    expect(exact).toHaveLength(count((f) => f.Type === 'Execution:Kubernetes/ExecInKubeSystemPod'));

    const since = Date.parse(BASE_TIME) - 7 * 86_400_000;
    const recent = await allFindingIds(gd, id, { Criterion: { updatedAt: { GreaterThanOrEqual: since } } });
    expect(recent).toHaveLength(count((f) => Date.parse(f.UpdatedAt ?? '') >= since));

    const sorted = await gd.send(new ListFindingsCommand({ DetectorId: id, SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' }, MaxResults: 50 }));
    const page = await getFindings(gd, id, sorted.FindingIds ?? []);
    const sev = page.map((f) => f.Severity ?? 0);
    expect(sev).toEqual([...sev].sort((a, b) => b - a));
    expect(sev[0]).toBe(9.2);

    const newest = await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: sorted.FindingIds?.slice(0, 20), SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'DESC' } }));
    const times = newest.Findings?.map((f) => Date.parse(f.UpdatedAt ?? '')) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('rejects malformed ListFindings / GetFindings requests', async () => {
    const bad = async (input: Omit<ConstructorParameters<typeof ListFindingsCommand>[0], 'DetectorId'>) =>
      failure(gd.send(new ListFindingsCommand({ DetectorId: id, ...input })));
    for (const err of [
      await bad({ MaxResults: 51 }),
      await bad({ MaxResults: 0 }),
      await bad({ NextToken: 'not-a-token' }),
      await bad({ FindingCriteria: { Criterion: { 'resource.eksCluster.name': { Equals: ['x'] } } } }),
      await bad({ FindingCriteria: { Criterion: { severity: { Gte: 7, GreaterThan: 1 } } } }),
      await bad({ FindingCriteria: { Criterion: { type: { Matches: ['Exec*'] } } } }),
      await bad({ SortCriteria: { AttributeName: 'nope', OrderBy: 'ASC' } }),
    ]) {
      expect(err).toMatchObject({ name: 'BadRequestException', type: 'InvalidInputException', status: 400 });
    }
    // A token replayed with other filters is rejected too.
    const first = await gd.send(new ListFindingsCommand({ DetectorId: id, MaxResults: 5 }));
    expect(await bad({ NextToken: first.NextToken, FindingCriteria: { Criterion: { severity: { Gte: 7 } } } })).toMatchObject({ status: 400 });

    const unknownKey = await raw(server, 'POST', `/detector/${id}/findings`, { findingCriteria: { criterion: { severity: { Gte: 7 } } } }, 'eu-central-1');
    expect(unknownKey.status).toBe(400);
    const unknownField = await raw(server, 'POST', `/detector/${id}/findings`, { maxResult: 5 }, 'eu-central-1');
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.message).toContain('maxResult');

    const ids = Array.from({ length: 51 }, (_, i) => i.toString(16).padStart(32, '0'));
    expect(await failure(gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: ids })))).toMatchObject({ status: 400 });
    const some = (await gd.send(new ListFindingsCommand({ DetectorId: id, MaxResults: 3 }))).FindingIds ?? [];
    const got = await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: [some[2] ?? '', 'f'.repeat(32), some[0] ?? ''] }));
    expect(got.Findings?.map((f) => f.Id)).toEqual([some[2], some[0]]);
  });

  it('GetFindingsStatistics groups by severity', async () => {
    const stats = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: id, GroupBy: 'SEVERITY', FindingCriteria: { Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } } }));
    const groups = stats.FindingStatistics?.GroupedBySeverity ?? [];
    expect(groups.reduce((n, g) => n + (g.TotalFindings ?? 0), 0)).toBe(60);
    expect(groups[0]?.LastGeneratedAt).toBeInstanceOf(Date);
    expect(groups.map((g) => g.TotalFindings)).toEqual([...groups.map((g) => g.TotalFindings)].sort((a = 0, b = 0) => b - a));
    const legacy = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: id, FindingStatisticTypes: ['COUNT_BY_SEVERITY'] }));
    expect(Object.values(legacy.FindingStatistics?.CountBySeverity ?? {}).reduce((a, b) => a + b, 0)).toBe(66);
    expect(legacy.FindingStatistics?.CountBySeverity).toHaveProperty(['8.0']);
    expect(await failure(gd.send(new GetFindingsStatisticsCommand({ DetectorId: id, GroupBy: 'SEVERITY', FindingStatisticTypes: ['COUNT_BY_SEVERITY'] })))).toMatchObject({ status: 400 });
    expect(await failure(gd.send(new GetFindingsStatisticsCommand({ DetectorId: id })))).toMatchObject({ status: 400 });
  });
});

describe('sample findings and archiving', () => {
  it('CreateSampleFindings adds [SAMPLE] findings; asking again bumps the count', async () => {
    const server = await start();
    const gd = client(server);
    const id = await detectorId(gd);
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['Execution:Kubernetes/ExecInKubeSystemPod', 'Execution:Runtime/ReverseShell'] }));
    const sampleCriteria = { Criterion: { 'service.additionalInfo.sample': { Equals: ['true'] } } };
    const ids = await allFindingIds(gd, id, sampleCriteria);
    expect(ids).toHaveLength(2);
    const samples = await getFindings(gd, id, ids);
    for (const f of samples) {
      expect(f.Title).toMatch(/^\[SAMPLE\] /);
      expect(JSON.parse(f.Service?.AdditionalInfo?.Value ?? '{}')).toEqual({ sample: true });
      expect(f.Resource?.ResourceType).toBe('EKSCluster');
    }
    expect(samples.map((f) => f.Type).sort()).toEqual(['Execution:Kubernetes/ExecInKubeSystemPod', 'Execution:Runtime/ReverseShell']);

    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['Execution:Runtime/ReverseShell'] }));
    const again = await getFindings(gd, id, await allFindingIds(gd, id, sampleCriteria));
    expect(again).toHaveLength(2);
    expect(again.find((f) => f.Type === 'Execution:Runtime/ReverseShell')?.Service?.Count).toBe(2);

    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id }));
    const everything = await allFindingIds(gd, id, sampleCriteria);
    expect(everything.length).toBeGreaterThan(20);
    expect(await failure(gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['not a type'] })))).toMatchObject({ status: 400 });
  });

  it('ArchiveFindings / UnarchiveFindings flip service.archived', async () => {
    const server = await start();
    const gd = client(server);
    const id = await detectorId(gd);
    const active = { Criterion: { 'service.archived': { Equals: ['false'] } } };
    const before = await allFindingIds(gd, id, active);
    const target = before.slice(0, 3);
    await gd.send(new ArchiveFindingsCommand({ DetectorId: id, FindingIds: target }));
    expect(await allFindingIds(gd, id, active)).toHaveLength(before.length - 3);
    const archived = await getFindings(gd, id, target);
    expect(archived.every((f) => f.Service?.Archived === true)).toBe(true);
    await gd.send(new UnarchiveFindingsCommand({ DetectorId: id, FindingIds: target }));
    expect(await allFindingIds(gd, id, active)).toHaveLength(before.length);
    const tooMany = Array.from({ length: 51 }, (_, i) => String(i));
    expect(await failure(gd.send(new ArchiveFindingsCommand({ DetectorId: id, FindingIds: tooMany })))).toMatchObject({ status: 400 });
  });
});

describe('coverage', () => {
  it('is empty until runtime monitoring is enabled, then lists the clusters in the model shape', async () => {
    const server = await start();
    const gd = client(server, 'eu-west-1');
    const id = await detectorId(gd);
    expect((await gd.send(new ListCoverageCommand({ DetectorId: id }))).Resources).toEqual([]);
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Features: [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }] }));
    const { Resources = [] } = await gd.send(new ListCoverageCommand({ DetectorId: id }));
    expect(Resources.map((r) => r.ResourceDetails?.EksClusterDetails?.ClusterName)).toEqual(['prod-eu', 'payments', 'staging', 'ml-batch']);
    const payments = Resources[1];
    expect(payments).toMatchObject({
      ResourceId: 'payments',
      DetectorId: id,
      AccountId: '123456789012',
      CoverageStatus: 'UNHEALTHY',
      Issue: expect.any(String),
      ResourceDetails: {
        ResourceType: 'EKS',
        EksClusterDetails: { ClusterName: 'payments', CoveredNodes: 2, CompatibleNodes: 4, ManagementType: 'MANUAL', AddonDetails: { AddonVersion: 'v1.6.1-eksbuild.1', AddonStatus: 'DEGRADED' } },
      },
    });
    expect(payments?.UpdatedAt).toBeInstanceOf(Date);
    expect(Resources[2]?.ResourceDetails?.EksClusterDetails?.AddonDetails).toBeUndefined();

    const filter = async (CriterionKey: string, cond: { Equals?: string[]; NotEquals?: string[] }) =>
      (await gd.send(new ListCoverageCommand({ DetectorId: id, FilterCriteria: { FilterCriterion: [{ CriterionKey: CriterionKey as never, FilterCondition: cond }] } }))).Resources?.map((r) => r.ResourceId);
    expect(await filter('EKS_CLUSTER_NAME', { Equals: ['staging'] })).toEqual(['staging']);
    expect(await filter('CLUSTER_NAME', { Equals: ['staging', 'payments'] })).toEqual(['payments', 'staging']);
    expect(await filter('COVERAGE_STATUS', { Equals: ['UNHEALTHY'] })).toEqual(['payments', 'staging']);
    expect(await filter('MANAGEMENT_TYPE', { NotEquals: ['MANUAL'] })).toEqual(['prod-eu', 'staging']);
    expect(await filter('RESOURCE_TYPE', { Equals: ['EKS'] })).toHaveLength(4);

    const sorted = await gd.send(new ListCoverageCommand({ DetectorId: id, SortCriteria: { AttributeName: 'EKS_CLUSTER_NAME', OrderBy: 'DESC' } }));
    expect(sorted.Resources?.map((r) => r.ResourceId)).toEqual(['staging', 'prod-eu', 'payments', 'ml-batch']);

    const pages: string[][] = [];
    for await (const page of paginateListCoverage({ client: gd, pageSize: 3 }, { DetectorId: id })) pages.push(page.Resources?.map((r) => r.ResourceId ?? '') ?? []);
    expect(pages).toEqual([['prod-eu', 'payments', 'staging'], ['ml-batch']]);

    expect(await failure(gd.send(new ListCoverageCommand({ DetectorId: id, MaxResults: 51 })))).toMatchObject({ status: 400 });
    expect(await failure(gd.send(new ListCoverageCommand({ DetectorId: id, FilterCriteria: { FilterCriterion: [{ CriterionKey: 'CLUSTER' as never, FilterCondition: { Equals: ['x'] } }] } })))).toMatchObject({ status: 400 });

    const stats = await gd.send(new GetCoverageStatisticsCommand({ DetectorId: id, StatisticsType: ['COUNT_BY_COVERAGE_STATUS', 'COUNT_BY_RESOURCE_TYPE'] }));
    expect(stats.CoverageStatistics).toEqual({ CountByCoverageStatus: { HEALTHY: 2, UNHEALTHY: 2 }, CountByResourceType: { EKS: 4 } });
  });

  it('uses the clusters given in the options (and leaves out uncovered ones)', async () => {
    const server = await start({
      clusters: [
        { name: 'alpha', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.9.0-eksbuild.1', addonStatus: 'ACTIVE' } },
        { name: 'fargate-only', coverage: false },
      ],
      detector: { features: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] }] },
    });
    const gd = client(server);
    const id = await detectorId(gd);
    const { Resources = [] } = await gd.send(new ListCoverageCommand({ DetectorId: id }));
    expect(Resources.map((r) => r.ResourceId)).toEqual(['alpha']);
    const findings = await getFindings(gd, id, await allFindingIds(gd, id, { Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } }));
    expect(new Set(findings.map((f) => f.Resource?.EksClusterDetails?.Name))).toEqual(new Set(['alpha', 'fargate-only']));
  });
});

describe('protocol', () => {
  it('keeps state per region from the SigV4 credential scope, us-east-1 when unsigned', async () => {
    const server = await start({ detector: false });
    const eu = client(server, 'eu-west-1');
    await eu.send(new CreateDetectorCommand({ Enable: true }));
    expect((await eu.send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
    expect((await client(server, 'ap-southeast-2').send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    const unsigned = await raw(server, 'GET', '/detector');
    expect(unsigned.json).toEqual({ detectorIds: [] });
    expect([...server.state.regions.keys()].sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });

  it('sends x-amzn-RequestId everywhere and errors as header + {message, __type, type}', async () => {
    const server = await start();
    const ok = await raw(server, 'GET', '/detector');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amzn-requestid')).toMatch(UUID);
    const err = await raw(server, 'GET', `/detector/${'0'.repeat(32)}`);
    expect(err.status).toBe(400);
    expect(err.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(err.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(err.json).toEqual({ message: 'The request is rejected because the input detectorId is not owned by the current account.', __type: 'BadRequestException', type: 'InvalidInputException' });
    const unknown = await raw(server, 'POST', '/detector/abc/ipset', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const badJson = await raw(server, 'POST', '/detector', '{"enable": tru');
    expect(badJson.status).toBe(400);
  });

  it('same seed, same data: two servers agree finding for finding', async () => {
    const a = await start({ seed: 99 });
    const b = await start({ seed: 99 });
    const [ga, gb] = [client(a, 'sa-east-1'), client(b, 'sa-east-1')];
    const [ia, ib] = [await detectorId(ga), await detectorId(gb)];
    expect(ia).toBe(ib);
    const ids = await allFindingIds(ga, ia);
    expect(await allFindingIds(gb, ib)).toEqual(ids);
    expect(await getFindings(gb, ib, ids.slice(0, 10))).toEqual(await getFindings(ga, ia, ids.slice(0, 10)));
  });

  it('runs the aws CLI against it', async (ctx) => {
    const found = await execFileP('aws', ['--version']).then(() => true, () => false);
    if (!found) {
      ctx.skip('aws CLI not on PATH');
      return;
    }
    const server = await start();
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    const { stdout } = await execFileP('aws', ['guardduty', 'list-detectors', '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'], { env });
    const parsed = JSON.parse(stdout) as { DetectorIds: string[] };
    expect(parsed.DetectorIds).toEqual([await detectorId(client(server))]);
  });
});

describe('faults', () => {
  it('throttles with HTTP 429 ThrottlingException and counts it', async () => {
    const server = await start({ throttleRate: 1 });
    const err = await failure(client(server, 'us-east-1', { maxAttempts: 1 }).send(new ListDetectorsCommand({})));
    expect(err).toMatchObject({ name: 'ThrottlingException', status: 429 });
    expect(server.stats.throttled).toBe(1);
  });

  it('fails with HTTP 500 InternalServerErrorException and counts it', async () => {
    const server = await start({ errorRate: 1 });
    const err = await failure(client(server, 'us-east-1', { maxAttempts: 1 }).send(new ListDetectorsCommand({})));
    expect(err).toMatchObject({ name: 'InternalServerErrorException', status: 500 });
    expect(server.stats.errors5xx).toBe(1);
  });

  it('the SDK retries through occasional throttling; the fault sequence is reproducible per seed', async () => {
    const outcomes = async (): Promise<number[]> => {
      const server = await start({ seed: 5, throttleRate: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await raw(server, 'GET', '/detector')).status);
      return statuses;
    };
    const first = await outcomes();
    expect(first).toContain(429);
    expect(first).toContain(200);
    expect(await outcomes()).toEqual(first);

    const server = await start({ seed: 5 });
    server.setFaults({ throttleRate: 0.3 });
    const gd = client(server, 'us-east-1', { maxAttempts: 10, retryMode: 'standard' });
    for (let i = 0; i < 5; i++) await gd.send(new ListDetectorsCommand({}));
    expect(server.stats.byOperation.ListDetectors).toBe(5 + server.stats.throttled);
  });

  it('failRegions: only those regions fail, with 500 or by hanging', async () => {
    const server = await start({ failRegions: ['eu-west-1'] });
    await client(server, 'us-east-1').send(new ListDetectorsCommand({}));
    expect(await failure(client(server, 'eu-west-1', { maxAttempts: 1 }).send(new ListDetectorsCommand({})))).toMatchObject({ name: 'InternalServerErrorException', status: 500 });

    server.setFaults({ failMode: 'hang' });
    const controller = new AbortController();
    const pending = client(server, 'eu-west-1', { maxAttempts: 1 }).send(new ListDetectorsCommand({}), { abortSignal: controller.signal });
    const outcome = await Promise.race([pending.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('hanging'), 300))]);
    expect(outcome).toBe('hanging');
    controller.abort();
    await pending.catch(() => undefined);
    server.setFaults({ failRegions: [] });
    await client(server, 'eu-west-1').send(new ListDetectorsCommand({}));
  });

  it('close() returns even with a request hanging', async () => {
    const server = await startGuardDutyServer({ failRegions: ['us-east-1'], failMode: 'hang' });
    const pending = client(server, 'us-east-1', { maxAttempts: 1 }).send(new ListDetectorsCommand({})).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('adds latency and jitter', async () => {
    const server = await start({ latencyMs: 60, jitterMs: 20 });
    const started = Date.now();
    await raw(server, 'GET', '/detector');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('scale and standalone entry', () => {
  // Its speed is measured by the benchmarks (scripts/bench), which use it at this size; a timed assertion here
  // would fail on a loaded machine, not on slow code.
  it('serves 50,000 findings per region: first page and deep pages', async () => {
    const server = await start({ findings: 50_000 });
    const gd = client(server);
    const id = await detectorId(gd);
    const first = await gd.send(new ListFindingsCommand({
      DetectorId: id,
      FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } },
      SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'DESC' },
    }));
    expect(first.FindingIds).toHaveLength(50);
    let token = first.NextToken;
    for (let i = 0; i < 20 && token; i++) {
      const next = await gd.send(new ListFindingsCommand({
        DetectorId: id,
        NextToken: token,
        FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } },
        SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'DESC' },
      }));
      token = next.NextToken;
      expect(next.FindingIds).toHaveLength(50);
    }
    const { Findings = [] } = await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: first.FindingIds }));
    expect(Findings).toHaveLength(50);
    expect(Findings.every((f) => (f.Severity ?? 0) >= 7)).toBe(true);
  });

  it('main.ts bundles for plain node, prints one JSON line and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-server-'));
    try {
      const out = join(dir, 'server.mjs');
      await build({ entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
      const child = spawn(process.execPath, [out, '--seed', '3', '--findings', '10', '--member-of', '111122223333'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes('\n')) resolve(buf);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const lines = line.trim().split('\n');
      expect(lines).toHaveLength(1);
      const { url } = JSON.parse(lines[0] ?? '') as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const gd = new GuardDutyClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
      const id = await detectorId(gd);
      expect((await gd.send(new GetAdministratorAccountCommand({ DetectorId: id }))).Administrator?.AccountId).toBe('111122223333');
      expect(await allFindingIds(gd, id)).toHaveLength(13);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const bad = await execFileP(process.execPath, [out, '--throttle-rate', '2']).then(() => 0, (e: { code?: number }) => e.code);
      expect(bad).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
