// The usage workflows against fake GuardDuty and EKS ports (no SDK, no mock library): what is asked, how the
// figures are joined and added, and what a failure leaves standing.
import { describe, expect, it } from 'vitest';
import type { EksPort, GuardDutyPort, Ports, UsageListType, UsageQuery } from '../../src/aws/ports.js';
import type { CoverageEntry } from '../../src/domain/status-model.js';
import type { TopAccounts, UsageRow } from '../../src/domain/usage-model.js';
import { AwsError } from '../../src/errors.js';
import { readOrganizationUsage } from '../../src/workflows/usage-organization.js';
import { readUsage } from '../../src/workflows/usage.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const OWN = '123456789012';
const usd = (amount: string) => ({ amount, unit: 'USD' });

interface RegionData {
  ageDays?: number;
  clusters: string[];
  coverage: CoverageEntry[];
  /** Cost per feature per cluster. */
  perCluster: Record<string, Record<string, string>>;
  byFeature: Record<string, string>;
  fail?: Partial<Record<'GetDetector' | 'SUM_BY_FEATURES' | 'TOP_RESOURCES' | 'GetRemainingFreeTrialDays', string>>;
}

const covered = (clusterName: string, covered: number, compatible: number, status = 'HEALTHY'): CoverageEntry => ({
  clusterName,
  accountId: OWN,
  coverageStatus: status,
  issue: status === 'HEALTHY' ? null : 'No Agent Reporting',
  addonVersion: 'v1.10.0',
  addonStatus: 'ACTIVE',
  managementType: 'AUTO_MANAGED',
  coveredNodes: covered,
  compatibleNodes: compatible,
});

function denied(region: string, operation: string): AwsError {
  return new AwsError(`${operation} in ${region}: access denied`, { code: 'AccessDenied', region, operation });
}

/** GuardDuty and EKS in each region, from `data`; `calls` records every usage query. */
function fakePorts(data: Record<string, RegionData>, calls: Array<{ region: string; type: string; query: UsageQuery }>): Ports {
  const gd = (region: string): GuardDutyPort => {
    const d = data[region] as RegionData;
    const port: Partial<GuardDutyPort> = {
      region,
      singleDetectorId: async () => 'det-1',
      getDetector: async (detectorId) => {
        if (d.fail?.GetDetector) throw denied(region, 'GetDetector');
        const created = new Date(NOW - (d.ageDays ?? 200) * DAY).toISOString();
        return {
          detectorId,
          status: 'ENABLED',
          features: [
            { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
            { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
          ],
          createdAt: created,
          accountId: OWN,
          featureUpdatedAt: { EKS_AUDIT_LOGS: created, RUNTIME_MONITORING: created },
        };
      },
      getAdministrator: async () => undefined,
      listEksCoverage: async () => d.coverage,
      getUsage: async (_id: string, type: UsageListType, query: UsageQuery): Promise<UsageRow[]> => {
        calls.push({ region, type, query });
        if (d.fail?.[type as 'SUM_BY_FEATURES' | 'TOP_RESOURCES']) throw denied(region, 'GetUsageStatistics');
        if (type === 'SUM_BY_FEATURES') return Object.entries(d.byFeature).map(([key, amount]) => ({ key, total: usd(amount) }));
        if (type !== 'TOP_RESOURCES') throw new Error(`unexpected ${type}`);
        const feature = query.features?.[0] as string;
        const rows = Object.entries(d.perCluster)
          .filter(([name, costs]) => costs[feature] !== undefined && (!query.resources || query.resources.includes(name)))
          .map(([key, costs]) => ({ key, total: usd(costs[feature] as string) }))
          .sort((a, b) => Number(b.total.amount) - Number(a.total.amount));
        return rows.slice(0, 50);
      },
      getRemainingFreeTrialDays: async (_id, ids) => {
        if (d.fail?.GetRemainingFreeTrialDays) throw denied(region, 'GetRemainingFreeTrialDays');
        return { accounts: ids.map((accountId) => ({ accountId, days: { EKS_AUDIT_LOGS: 23, EKS_RUNTIME_MONITORING: 23 } })), unprocessed: [] };
      },
    };
    return port as GuardDutyPort;
  };
  const eks = (region: string): EksPort => {
    const d = data[region] as RegionData;
    return {
      region,
      listClusterNames: async () => d.clusters,
      describeCluster: async (name) => ({ arn: `arn:aws:eks:${region}:${OWN}:cluster/${name}`, status: 'ACTIVE', guardDutyManagedTag: null, autoMode: false }),
      describeGuardDutyAddon: async () => ({ state: 'installed', status: 'ACTIVE', version: 'v1.10.0', issues: [] }),
      isFargateOnly: async () => false,
    } as EksPort;
  };
  return { guardDuty: async (r) => gd(r), eks: async (r) => eks(r) };
}

const run = (regions: string[], ports: Ports) => ({ regions, ports, signal: new AbortController().signal });
const doc = (r: { output?: { document: unknown } }) => r.output?.document as { regions: Array<Record<string, any>>; total?: Record<string, any> };

describe('usage workflow (fake ports)', () => {
  it('joins each cluster\'s cost with its verdict, marks one that costs money without coverage, and keeps amounts as given', async () => {
    const calls: Array<{ region: string; type: string; query: UsageQuery }> = [];
    const ports = fakePorts(
      {
        'us-east-1': {
          clusters: ['prod', 'payments', 'new'],
          coverage: [covered('prod', 6, 6), covered('payments', 2, 4, 'UNHEALTHY')],
          perCluster: { prod: { EKS_AUDIT_LOGS: '12345678.9', EKS_RUNTIME_MONITORING: '0.000001' }, payments: { EKS_RUNTIME_MONITORING: '3.00' }, new: { EKS_AUDIT_LOGS: '0.50' } },
          byFeature: { FLOW_LOGS: '1.10', EKS_AUDIT_LOGS: '12345679.4', EKS_RUNTIME_MONITORING: '3.000001' },
        },
      },
      calls,
    );
    const report = await readUsage(run(['us-east-1'], ports), () => NOW);
    expect(report.exitCode).toBe(0);
    const [r] = doc(report).regions;
    expect(r).toMatchObject({ accountId: OWN, days: 30, total: usd('12345683.500001'), eks: usd('12345682.400001'), monthlyEstimate: usd('12345682.400001') });
    expect(r?.features[1]).toMatchObject({
      feature: 'EKS_RUNTIME_MONITORING',
      detectorFeatures: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED' }, { name: 'EKS_RUNTIME_MONITORING', status: null }],
      cost: usd('3.000001'),
      freeTrialDaysRemaining: 23,
    });
    expect(r?.clusters.map((c: any) => [c.name, c.verdict, c.cost?.amount, c.attention])).toEqual([
      ['prod', 'protected', '12345678.900001', null],
      ['payments', 'degraded', '3.00', 'paying for 2 of 4 nodes, coverage UNHEALTHY'],
      ['new', 'not-protected', '0.50', 'paying, but the agent covers no node, coverage NOT_COVERED'],
    ]);
    // The caller's own account only; RUNTIME_MONITORING is never sent as a usage feature.
    expect(calls.every((c) => c.query.accountIds?.join() === OWN)).toBe(true);
    expect(calls.flatMap((c) => c.query.features ?? [])).toEqual(['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']);
  });

  it('reads the detector once per region, though the usage and the clusters\' status both need it', async () => {
    const data: RegionData = { clusters: ['prod'], coverage: [covered('prod', 2, 2)], perCluster: { prod: { EKS_AUDIT_LOGS: '1.00' } }, byFeature: { EKS_AUDIT_LOGS: '1.00' } };
    const ports = fakePorts({ 'us-east-1': data, 'eu-west-1': data }, []);
    const reads: string[] = [];
    const counted: Ports = {
      ...ports,
      guardDuty: async (region) => {
        const gd = await ports.guardDuty(region);
        return { ...gd, getDetector: async (id: string) => (reads.push(region), gd.getDetector(id)) } as GuardDutyPort;
      },
    };
    const report = await readUsage(run(['us-east-1', 'eu-west-1'], counted), () => NOW);
    expect(report.exitCode).toBe(0);
    expect(doc(report).regions.map((r) => r.clusters[0]?.verdict)).toEqual(['protected', 'protected']);
    expect(reads.sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('a detector 7 days old: the costs cover 7 days, the estimate scales them to 30, and a note says so', async () => {
    const ports = fakePorts(
      { 'us-east-1': { ageDays: 7, clusters: [], coverage: [], perCluster: {}, byFeature: { EKS_AUDIT_LOGS: '7.00', EKS_RUNTIME_MONITORING: '0.000001' } } },
      [],
    );
    const report = await readUsage(run(['us-east-1'], ports), () => NOW);
    const [r] = doc(report).regions;
    expect(r).toMatchObject({ days: 7, eks: usd('7.000001'), monthlyEstimate: usd('30.000004'), monthlyEstimateIsLowerBound: false });
    expect(r?.features.map((f: any) => f.monthlyEstimate)).toEqual([usd('30.00'), usd('0.000004')]);
    expect(report.messages.map((m) => m.text)).toContain('us-east-1: the detector is 7 days old: the costs cover 7 days, not 30, and the monthly estimate scales them up to 30');
  });

  it('60 clusters: the ten TOP_RESOURCES leaves out are asked for by name, so every cluster has its cost', async () => {
    const calls: Array<{ region: string; type: string; query: UsageQuery }> = [];
    const names = Array.from({ length: 60 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const perCluster = Object.fromEntries(names.map((n, i) => [n, { EKS_AUDIT_LOGS: `${i + 1}.00` }]));
    const ports = fakePorts({ 'us-east-1': { clusters: names, coverage: names.map((n) => covered(n, 3, 3)), perCluster, byFeature: { EKS_AUDIT_LOGS: '1830.00' } } }, calls);
    const report = await readUsage(run(['us-east-1'], ports), () => NOW);
    const [r] = doc(report).regions;
    expect(r?.clusters).toHaveLength(60);
    expect(r?.clusters.every((c: any) => c.costs.EKS_AUDIT_LOGS !== null)).toBe(true);
    expect(r?.clusters.at(-1)).toMatchObject({ name: 'c00', cost: usd('1.00') });
    const byName = calls.filter((c) => c.query.resources);
    expect(byName).toEqual([{ region: 'us-east-1', type: 'TOP_RESOURCES', query: { accountIds: [OWN], features: ['EKS_AUDIT_LOGS'], resources: names.slice(0, 10) } }]);
    expect(r?.notes).toContain('EKS_AUDIT_LOGS: GuardDuty lists at most 50 resources per feature (TOP_RESOURCES); the remaining clusters were asked for by name');
  });

  it('a failing region does not stop the other; both are printed, the sums say which is missing, exit 1', async () => {
    const ok: RegionData = { clusters: ['prod'], coverage: [covered('prod', 1, 1)], perCluster: { prod: { EKS_AUDIT_LOGS: '0.000001' } }, byFeature: { EKS_AUDIT_LOGS: '0.000001' } };
    const ports = fakePorts({ 'us-east-1': ok, 'eu-west-1': { ...ok, byFeature: { EKS_AUDIT_LOGS: '12345678.9' } }, 'ap-south-1': { ...ok, fail: { GetDetector: 'x' } } }, []);
    const report = await readUsage(run(['us-east-1', 'eu-west-1', 'ap-south-1'], ports), () => NOW);
    expect(report.exitCode).toBe(1);
    const d = doc(report);
    expect(d.regions.map((r) => [r.region, r.eks?.amount ?? null, r.error?.code ?? null])).toEqual([
      ['us-east-1', '0.000001', null],
      ['eu-west-1', '12345678.9', null],
      ['ap-south-1', null, 'AccessDenied'],
    ]);
    expect(d.total).toMatchObject({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'], eks: usd('12345678.900001'), incomplete: ['ap-south-1'] });
    expect(report.messages.some((m) => m.kind === 'error' && /ap-south-1/.test(m.text))).toBe(true);
  });

  it('SUM_BY_FEATURES refused: a problem and exit 1, while the per-cluster costs and the verdicts are still reported', async () => {
    const ports = fakePorts(
      { 'us-east-1': { clusters: ['prod'], coverage: [covered('prod', 1, 1)], perCluster: { prod: { EKS_AUDIT_LOGS: '2.00' } }, byFeature: {}, fail: { SUM_BY_FEATURES: 'x', GetRemainingFreeTrialDays: 'x' } } },
      [],
    );
    const report = await readUsage(run(['us-east-1'], ports), () => NOW);
    expect(report.exitCode).toBe(1);
    const [r] = doc(report).regions;
    expect(r).toMatchObject({ total: null, eks: null, clusters: [{ name: 'prod', verdict: 'protected', cost: usd('2.00') }] });
    expect(r?.problems.map((p: any) => p.action)).toEqual(['guardduty:GetUsageStatistics', 'guardduty:GetRemainingFreeTrialDays']);
    expect(r?.features[0].freeTrialDaysRemaining).toBeNull();
  });
});

describe('usage --organization workflow (fake port)', () => {
  it('more than 50 accounts: TOP_ACCOUNTS_BY_FEATURE\'s cut is completed by account id; largest EKS cost first', async () => {
    const ids = Array.from({ length: 70 }, (_, i) => String(100000000000 + i));
    const cost = (i: number) => `${(i + 1) * 2}.00`;
    const asked: UsageQuery[] = [];
    const top = (q: UsageQuery): TopAccounts[] => {
      asked.push(q);
      const wanted = q.accountIds ?? ids;
      const accounts = wanted.map((id) => ({ key: id, total: usd(cost(ids.indexOf(id))) })).reverse().slice(0, 50);
      return [{ feature: 'EKS_AUDIT_LOGS', accounts }];
    };
    const port: Partial<GuardDutyPort> = {
      region: 'us-east-1',
      singleDetectorId: async () => 'det-1',
      getDetector: async (detectorId) => ({ detectorId, features: [], accountId: OWN }),
      describeOrganizationConfiguration: async () => ({ features: [] }),
      listMembers: async () => ids.map((accountId) => ({ accountId, relationshipStatus: 'Enabled' })),
      getUsage: async (_id, type) => {
        if (type === 'SUM_BY_ACCOUNT') return ids.map((id, i) => ({ key: id, total: usd(`${i + 100}.00`) }));
        return [{ key: 'EKS_AUDIT_LOGS', total: usd('4970.00') }];
      },
      getTopAccountsByFeature: async (_id, q) => top(q),
      getRemainingFreeTrialDays: async (_id, accountIds) => ({ accounts: accountIds.map((accountId) => ({ accountId, days: { EKS_AUDIT_LOGS: 0 } })), unprocessed: [] }),
    };
    const ports = { guardDuty: async () => port as GuardDutyPort, eks: async () => ({}) as EksPort };
    const report = await readOrganizationUsage(run(['us-east-1'], ports));
    expect(report.exitCode).toBe(0);
    const [r] = doc(report).regions;
    expect(r?.accounts).toHaveLength(70);
    expect(r?.accounts.every((a: any) => a.costs.EKS_AUDIT_LOGS !== null)).toBe(true);
    expect(r?.accounts[0]).toMatchObject({ accountId: ids[69], role: 'Enabled', eks: usd('140.00') });
    expect(r?.accounts.at(-1)).toMatchObject({ accountId: ids[0], eks: usd('2.00'), freeTrialDaysRemaining: { EKS_AUDIT_LOGS: 0, EKS_RUNTIME_MONITORING: null } });
    expect(asked[1]).toEqual({ features: ['EKS_AUDIT_LOGS'], accountIds: ids.slice(0, 20) });
  });
});
