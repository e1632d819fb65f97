// GetUsageStatistics and GetRemainingFreeTrialDays through the real SDK client: every statistic type, usage
// criteria, pagination, validation, seeded (deterministic) per-cluster and per-member costs, and free-trial days
// from the detector's age.

import {
  GetRemainingFreeTrialDaysCommand,
  GetUsageStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
  paginateGetUsageStatistics,
  type GetUsageStatisticsCommandInput,
  type UsageStatistics,
} from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from './server.js';
import type { Json } from './validate.js';

const BASE = '2026-06-01T00:00:00.000Z';
const ACCOUNT = '123456789012';
const ALL_EKS_ON: Json[] = [
  { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
  { name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
];

const open: RunningServer[] = [];
async function start(options: ServerOptions = {}): Promise<{ server: RunningServer; gd: GuardDutyClient; id: string }> {
  const server = await startGuardDutyServer({ baseTime: BASE, clock: () => Date.parse(BASE), detector: { features: ALL_EKS_ON }, ...options });
  open.push(server);
  const gd = new GuardDutyClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const id = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
  return { server, gd, id };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function rejection(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

async function stats(gd: GuardDutyClient, input: GetUsageStatisticsCommandInput): Promise<UsageStatistics> {
  return (await gd.send(new GetUsageStatisticsCommand(input))).UsageStatistics ?? {};
}

const cents = (amount: string | undefined): number => Math.round(Number(amount) * 100);
const DECIMAL = /^\d+\.\d{2}$/;

describe('GetUsageStatistics', () => {
  it('answers every statistic type with only its own list, amounts as decimal strings in USD', async () => {
    const { gd, id } = await start();
    const members: Record<string, keyof UsageStatistics> = {
      SUM_BY_ACCOUNT: 'SumByAccount',
      SUM_BY_DATA_SOURCE: 'SumByDataSource',
      SUM_BY_RESOURCE: 'SumByResource',
      TOP_RESOURCES: 'TopResources',
      SUM_BY_FEATURES: 'SumByFeature',
      TOP_ACCOUNTS_BY_FEATURE: 'TopAccountsByFeature',
    };
    for (const [type, member] of Object.entries(members)) {
      const s = await stats(gd, { DetectorId: id, UsageStatisticType: type as never, UsageCriteria: {}, Unit: 'USD' });
      expect(Object.keys(s), type).toEqual([member]);
      const list = s[member] as unknown[];
      expect(list.length, type).toBeGreaterThan(0);
      const totals = JSON.stringify(list).match(/"Amount":"[^"]*"/g) ?? [];
      for (const t of totals) expect(t, type).toMatch(/"Amount":"\d+\.\d{2}"/);
      expect(JSON.stringify(list).match(/"Unit":"([^"]*)"/g)?.every((u) => u === '"Unit":"USD"'), type).toBe(true);
    }
  });

  it('per-cluster costs for the seeded clusters, by cluster name; the sums agree across statistic types', async () => {
    const { gd, id } = await start();
    const byResource = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_RESOURCE', UsageCriteria: {} })).SumByResource ?? [];
    expect(byResource.map((r) => r.Resource)).toEqual(['ml-batch', 'payments', 'prod-eu', 'staging']);
    const byFeature = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_FEATURES', UsageCriteria: {} })).SumByFeature ?? [];
    const feature: Record<string, number> = Object.fromEntries(byFeature.map((f) => [f.Feature ?? '', cents(f.Total?.Amount)]));
    expect(Object.keys(feature)).toContain('EKS_AUDIT_LOGS');
    expect(Object.keys(feature)).toContain('EKS_RUNTIME_MONITORING');
    expect(Object.keys(feature)).toContain('CLOUD_TRAIL');
    const eks = (feature.EKS_AUDIT_LOGS ?? 0) + (feature.EKS_RUNTIME_MONITORING ?? 0);
    expect(byResource.reduce((sum, r) => sum + cents(r.Total?.Amount), 0)).toBe(eks);
    const byAccount = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} })).SumByAccount ?? [];
    expect(byAccount).toEqual([{ AccountId: ACCOUNT, Total: { Amount: expect.stringMatching(DECIMAL), Unit: 'USD' } }]);
    expect(cents(byAccount[0]?.Total?.Amount)).toBe(Object.values(feature).reduce((a, b) => a + b, 0));

    const top = (await stats(gd, { DetectorId: id, UsageStatisticType: 'TOP_RESOURCES', UsageCriteria: {} })).TopResources ?? [];
    const amounts = top.map((r) => cents(r.Total?.Amount));
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);

    // Runtime monitoring only: a cluster it does not cover has no runtime cost; Resources narrows to exact names.
    const runtime = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_RESOURCE', UsageCriteria: { Features: ['EKS_RUNTIME_MONITORING'], Resources: ['prod-eu', 'nope'] } })).SumByResource ?? [];
    expect(runtime.map((r) => r.Resource)).toEqual(['prod-eu']);
  });

  it('the same seed gives the same amounts; another seed other amounts', async () => {
    const a = await start({ seed: 7 });
    const b = await start({ seed: 7 });
    const c = await start({ seed: 8 });
    const input = (id: string): GetUsageStatisticsCommandInput => ({ DetectorId: id, UsageStatisticType: 'SUM_BY_RESOURCE', UsageCriteria: {} });
    const sa = await stats(a.gd, input(a.id));
    expect(await stats(b.gd, input(b.id))).toEqual(sa);
    expect(await stats(c.gd, input(c.id))).not.toEqual(sa);
  });

  it('counts only the days a feature has been on: none before it is enabled, a 10-day detector bills 10 days of 30', async () => {
    const { gd, id } = await start({ detector: {} }); // the default seeded detector: EKS features DISABLED
    const before = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_FEATURES', UsageCriteria: {} })).SumByFeature ?? [];
    expect(before.map((f) => f.Feature)).not.toContain('EKS_AUDIT_LOGS');
    expect((await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_RESOURCE', UsageCriteria: {} })).SumByResource).toEqual([]);

    const old = await start({ seed: 3 });
    const young = await start({ seed: 3, detector: { features: ALL_EKS_ON, ageDays: 10 } });
    const q = { UsageStatisticType: 'SUM_BY_FEATURES' as const, UsageCriteria: { Features: ['CLOUD_TRAIL' as const] } };
    const full = cents((await stats(old.gd, { DetectorId: old.id, ...q })).SumByFeature?.[0]?.Total?.Amount);
    const partial = cents((await stats(young.gd, { DetectorId: young.id, ...q })).SumByFeature?.[0]?.Total?.Amount);
    expect(full).toBeGreaterThan(0);
    expect(Math.abs(partial - (full * 10) / 30)).toBeLessThanOrEqual(1);
  });

  it('with --members (delegated administrator): usage per member account; AccountIds narrows; top accounts per feature', async () => {
    const { gd, id } = await start({ organization: { role: 'delegated-admin', members: 30 } });
    const byAccount = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} })).SumByAccount ?? [];
    expect(byAccount.length).toBeGreaterThan(10);
    expect(byAccount.map((a) => a.AccountId)).toContain(ACCOUNT);
    const member = byAccount.find((a) => a.AccountId !== ACCOUNT)?.AccountId ?? '';
    const one = (await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: { AccountIds: [member] } })).SumByAccount ?? [];
    expect(one.map((a) => a.AccountId)).toEqual([member]);

    const top = (await stats(gd, { DetectorId: id, UsageStatisticType: 'TOP_ACCOUNTS_BY_FEATURE', UsageCriteria: { Features: ['EKS_AUDIT_LOGS', 'RDS_LOGIN_EVENTS'] } })).TopAccountsByFeature ?? [];
    expect(top.map((t) => t.Feature)).toEqual(['EKS_AUDIT_LOGS']); // RDS_LOGIN_EVENTS is not supported there
    const accounts = top[0]?.Accounts ?? [];
    expect(accounts.length).toBeGreaterThan(1);
    const amounts = accounts.map((a) => cents(a.Total?.Amount));
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
  });

  it('pages with maxResults 1..50 and nextToken (the SDK paginator walks them)', async () => {
    const { gd, id } = await start({ organization: { role: 'delegated-admin', members: 200 } });
    const input: GetUsageStatisticsCommandInput = { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} };
    const first = await gd.send(new GetUsageStatisticsCommand(input));
    expect(first.UsageStatistics?.SumByAccount).toHaveLength(50);
    expect(first.NextToken).toBeTruthy();
    const seen: string[] = [];
    for await (const page of paginateGetUsageStatistics({ client: gd, pageSize: 40 }, input)) seen.push(...(page.UsageStatistics?.SumByAccount ?? []).map((a) => a.AccountId ?? ''));
    expect(seen.length).toBeGreaterThan(50);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    for (const MaxResults of [0, 51]) {
      expect(await rejection(gd.send(new GetUsageStatisticsCommand({ ...input, MaxResults })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    expect(await rejection(gd.send(new GetUsageStatisticsCommand({ ...input, UsageStatisticType: 'SUM_BY_RESOURCE', NextToken: first.NextToken })))).toMatchObject({ status: 400 });
  });

  it('validation: RUNTIME_MONITORING is not a usage feature, unknown types, units and data sources, features with dataSources', async () => {
    const { gd, id } = await start();
    const bad: GetUsageStatisticsCommandInput[] = [
      { DetectorId: id, UsageStatisticType: 'SUM_BY_FEATURES', UsageCriteria: { Features: ['RUNTIME_MONITORING' as never] } },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_EVERYTHING' as never, UsageCriteria: {} },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_FEATURES', UsageCriteria: {}, Unit: 'EUR' },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_DATA_SOURCE', UsageCriteria: { DataSources: ['KUBERNETES_RUNTIME' as never] } },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_DATA_SOURCE', UsageCriteria: { DataSources: ['FLOW_LOGS'], Features: ['FLOW_LOGS'] } },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: { AccountIds: ['12345'] } },
      { DetectorId: id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: { AccountIds: [] } },
    ];
    for (const input of bad) {
      expect(await rejection(gd.send(new GetUsageStatisticsCommand(input))), JSON.stringify(input)).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    // Both EKS names are usage features; the deprecated data source for audit logs is KUBERNETES_AUDIT_LOGS.
    const eks = await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_FEATURES', UsageCriteria: { Features: ['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING'] } });
    expect(eks.SumByFeature?.map((f) => f.Feature)).toEqual(['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']);
    const ds = await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_DATA_SOURCE', UsageCriteria: { DataSources: ['KUBERNETES_AUDIT_LOGS'] } });
    expect(ds.SumByDataSource?.map((f) => f.DataSource)).toEqual(['KUBERNETES_AUDIT_LOGS']);
    // usageCriteria is required (the SDK would not send the request without it).
    const res = await fetch(`${open[0]?.url}/detector/${id}/usage/statistics`, { method: 'POST', body: JSON.stringify({ usageStatisticsType: 'SUM_BY_ACCOUNT' }) });
    expect(res.status).toBe(400);
  });
});

describe('GetRemainingFreeTrialDays', () => {
  it('an old detector has no trial days left; a 10-day-old one has 20 for every enabled feature', async () => {
    const old = await start();
    const oldDays = (await old.gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: old.id, AccountIds: [ACCOUNT] }))).Accounts ?? [];
    expect(oldDays).toHaveLength(1);
    expect(oldDays[0]?.Features?.every((f) => f.FreeTrialDaysRemaining === 0)).toBe(true);

    const young = await start({ detector: { features: ALL_EKS_ON, ageDays: 10 } });
    const info = (await young.gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: young.id, AccountIds: [ACCOUNT] }))).Accounts?.[0];
    const days = Object.fromEntries((info?.Features ?? []).map((f) => [f.Name, f.FreeTrialDaysRemaining]));
    expect(days).toMatchObject({ CLOUD_TRAIL: 20, EKS_AUDIT_LOGS: 20, EKS_RUNTIME_MONITORING: 20 });
    expect(Object.keys(days)).not.toContain('RUNTIME_MONITORING');
    expect(info?.DataSources?.Kubernetes?.AuditLogs?.FreeTrialDaysRemaining).toBe(20);
  });

  it('a feature enabled later starts its own 30 days; usage.trialDays overrides; unknown accounts are unprocessed', async () => {
    let now = Date.parse(BASE);
    const { gd, id } = await start({ detector: {}, clock: () => now, usage: { trialDays: { EKS_AUDIT_LOGS: 4 } } });
    now += 5 * 86_400_000;
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Features: [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }, { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] }));
    now += 2 * 86_400_000;
    const out = await gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: id, AccountIds: [ACCOUNT, '999999999999'] }));
    const days = Object.fromEntries((out.Accounts?.[0]?.Features ?? []).map((f) => [f.Name, f.FreeTrialDaysRemaining]));
    expect(days).toMatchObject({ EKS_RUNTIME_MONITORING: 28, EC2_RUNTIME_MONITORING: 28, EKS_AUDIT_LOGS: 4, FLOW_LOGS: 0 });
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual(['999999999999']);
    // Runtime monitoring enabled 2 days ago bills 2 days.
    const usage = await stats(gd, { DetectorId: id, UsageStatisticType: 'SUM_BY_RESOURCE', UsageCriteria: { Features: ['EKS_RUNTIME_MONITORING'] } });
    expect(usage.SumByResource?.length).toBeGreaterThan(0);
  });

  it('members of a delegated administrator are processed, deterministically; AccountIds must be 1..50 12-digit ids', async () => {
    const a = await start({ organization: { role: 'delegated-admin', members: 40 } });
    const members = ((await stats(a.gd, { DetectorId: a.id, UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} })).SumByAccount ?? []).map((x) => x.AccountId ?? '').filter((x) => x !== ACCOUNT);
    const first = await a.gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: a.id, AccountIds: members }));
    expect(first.Accounts?.map((x) => x.AccountId)).toEqual(members);
    expect(first.UnprocessedAccounts).toEqual([]);
    const withTrial = (first.Accounts ?? []).filter((x) => (x.Features ?? []).some((f) => (f.FreeTrialDaysRemaining ?? 0) > 0));
    expect(withTrial.length).toBeGreaterThan(0);
    expect(withTrial.length).toBeLessThan(members.length);
    const b = await start({ organization: { role: 'delegated-admin', members: 40 } });
    expect(await b.gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: b.id, AccountIds: members }))).toMatchObject({ Accounts: first.Accounts });

    for (const AccountIds of [[], ['1234'], Array.from({ length: 51 }, (_, i) => String(100000000000 + i))]) {
      expect(await rejection(a.gd.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: a.id, AccountIds })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
  });
});
