// `gdeks usage` end to end: the real binary against the project's GuardDuty and EKS test servers, whose usage
// (GetUsageStatistics, GetRemainingFreeTrialDays) is seeded per cluster and per member (test/server/usage.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { manyClusters, startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from '../server/server.js';
import { usageRecords } from '../server/usage.js';
import type { Json } from '../server/validate.js';

const OWN = '123456789012';
const CLUSTERS: EksClusterSpec[] = [
  { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
  { name: 'payments', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
  // Costs money for its audit logs while runtime monitoring does not cover it at all.
  { name: 'new-cluster', coverage: false, addon: false },
];
// Unnamed, EKS_RUNTIME_MONITORING comes up ENABLED too (CreateDetector's default): both runtime features are on.
const RUNTIME_ON: Json[] = [
  { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
  { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
];

const open: Array<RunningServer | RunningEksServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options: ServerOptions = {}, clusters: EksClusterSpec[] = CLUSTERS) {
  const [gd, eks] = await Promise.all([
    startGuardDutyServer({ clusters, detector: { features: RUNTIME_ON, ageDays: 200 }, ...options }),
    startEksServer({ clusters }),
  ]);
  open.push(gd, eks);
  const env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url };
  return { gd, eks, usage: (args: string[]) => runBin(['usage', ...args], { env }) };
}

/** The server's own figures, in cents, per cluster and feature (what the binary must print, to the cent). */
function expectedCents(gd: RunningServer, region: string) {
  const perCluster = new Map<string, number>();
  const perFeature = new Map<string, number>();
  let total = 0;
  for (const r of usageRecords(gd.state, region).filter((x) => x.accountId === OWN)) {
    total += r.cents;
    perFeature.set(r.feature, (perFeature.get(r.feature) ?? 0) + r.cents);
    if (r.resource) perCluster.set(r.resource, (perCluster.get(r.resource) ?? 0) + r.cents);
  }
  return { perCluster, perFeature, total };
}
const dollars = (cents: number | undefined) => ((cents ?? 0) / 100).toFixed(2);

describe('gdeks usage against the test servers', () => {
  it('per feature and per cluster beside the verdict; a cluster paying without coverage is marked; amounts are decimal strings', async () => {
    const { gd, usage } = await start();
    const r = await usage(['--region', 'eu-west-1', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    const want = expectedCents(gd, 'eu-west-1');
    expect(region).toMatchObject({ region: 'eu-west-1', accountId: OWN, days: 30, total: { amount: dollars(want.total), unit: 'USD' } });
    expect(region.features).toEqual([
      expect.objectContaining({
        feature: 'EKS_AUDIT_LOGS',
        detectorFeatures: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }],
        cost: { amount: dollars(want.perFeature.get('EKS_AUDIT_LOGS')), unit: 'USD' },
        freeTrialDaysRemaining: 0,
      }),
      expect.objectContaining({
        feature: 'EKS_RUNTIME_MONITORING',
        detectorFeatures: [
          { name: 'RUNTIME_MONITORING', status: 'ENABLED' },
          { name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED' },
        ],
        cost: { amount: dollars(want.perFeature.get('EKS_RUNTIME_MONITORING')), unit: 'USD' },
      }),
    ]);
    const by = Object.fromEntries(region.clusters.map((c: { name: string }) => [c.name, c]));
    for (const name of ['prod-eu', 'payments', 'new-cluster']) expect(by[name].cost, name).toEqual({ amount: dollars(want.perCluster.get(name)), unit: 'USD' });
    expect(by['prod-eu']).toMatchObject({ verdict: 'protected', attention: null });
    expect(by.payments).toMatchObject({ verdict: 'degraded', coveredNodes: 2, compatibleNodes: 4, attention: 'paying for 2 of 4 nodes, coverage UNHEALTHY' });
    expect(by['new-cluster']).toMatchObject({ verdict: 'not-protected', coverageStatus: 'NOT_COVERED', costs: { EKS_RUNTIME_MONITORING: null } });
    expect(by['new-cluster'].attention).toBe('paying, but the agent covers no node, coverage NOT_COVERED');
    // Every amount in the document is a decimal string, never a number.
    expect(r.stdout).not.toMatch(/"amount":\s*\d/);
  });

  it('a detector 7 days old: the costs cover 7 days and the estimate per 30 days scales them, saying so', async () => {
    const { gd, usage } = await start({ detector: { features: RUNTIME_ON, ageDays: 7 } });
    const r = await usage(['--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    expect(region.days).toBe(7);
    const eks = expectedCents(gd, 'us-east-1');
    const eksCents = (eks.perFeature.get('EKS_AUDIT_LOGS') ?? 0) + (eks.perFeature.get('EKS_RUNTIME_MONITORING') ?? 0);
    expect(region.eks).toEqual({ amount: dollars(eksCents), unit: 'USD' });
    // 7 days' cost, times 30/7 (to the cent, per feature, then added).
    const estimate = Number(region.monthlyEstimate.amount);
    expect(Math.abs(estimate - (eksCents / 100) * (30 / 7))).toBeLessThan(0.05);
    expect(region.features.map((f: { freeTrialDaysRemaining: number }) => f.freeTrialDaysRemaining)).toEqual([23, 23]);
    expect(r.stderr).toMatch(/note: us-east-1: the detector is 7 days old: the costs cover 7 days, not 30/);

    const table = await usage(['--region', 'us-east-1']);
    expect(table.stdout).toMatch(/\(the detector is 7 days old\)/);
    expect(table.stdout).toMatch(/per 30 days ≈ [\d.]+ \(from 7 days\)/);
    expect(table.stdout).toMatch(/23 days left/);
    expect(table.stdout).toMatch(/payments .* ← paying for 2 of 4 nodes, coverage UNHEALTHY/);
  });

  it('--regions: each region, a failing one reported without stopping the others, and the sum; exit 1', async () => {
    const { gd, usage } = await start({ failRegions: ['ap-south-1'] });
    const r = await usage(['--regions', 'us-east-1,ap-south-1,eu-west-1', '--max-attempts', '1', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.regions.map((x: { region: string; error?: unknown }) => [x.region, Boolean(x.error)])).toEqual([
      ['us-east-1', false],
      ['ap-south-1', true],
      ['eu-west-1', false],
    ]);
    const cents = ['us-east-1', 'eu-west-1'].reduce((s, region) => s + expectedCents(gd, region).total, 0);
    expect(doc.total).toMatchObject({ regions: ['us-east-1', 'ap-south-1', 'eu-west-1'], total: { amount: dollars(cents), unit: 'USD' }, incomplete: ['ap-south-1'] });
    expect(r.stderr).toMatch(/error: ap-south-1/);

    const nd = await usage(['--regions', 'us-east-1,eu-west-1', '-o', 'ndjson']);
    expect(nd.code).toBe(0);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.region ?? Object.keys(l)[0])).toEqual(['us-east-1', 'eu-west-1', 'total']);
  });

  it('60 clusters: past TOP_RESOURCES\' 50, every cluster still gets its cost', async () => {
    const { gd, usage } = await start({}, manyClusters(60));
    const r = await usage(['--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    const want = expectedCents(gd, 'us-east-1');
    expect(region.clusters).toHaveLength(60);
    for (const c of region.clusters) expect(c.cost, c.name).toEqual({ amount: dollars(want.perCluster.get(c.name)), unit: 'USD' });
    // Most expensive first.
    const amounts = region.clusters.map((c: { cost: { amount: string } }) => Number(c.cost.amount));
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(r.stderr).toMatch(/GuardDuty lists at most 50 resources per feature/);
  });

  it('a member account: its own usage, no administrator needed', async () => {
    const { usage } = await start({ memberOf: '111122223333' });
    const r = await usage(['--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).regions[0]).toMatchObject({ accountId: OWN, eks: { unit: 'USD' } });
  });

  it('--organization: every account, largest EKS cost first, with free-trial days', async () => {
    const { gd, usage } = await start({ organization: { role: 'delegated-admin', members: 150 } });
    const r = await usage(['--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    const records = usageRecords(gd.state, 'us-east-1');
    const eksCents = new Map<string, number>();
    for (const x of records) if (x.feature.startsWith('EKS_')) eksCents.set(x.accountId, (eksCents.get(x.accountId) ?? 0) + x.cents);
    const accounts = region.accounts as Array<{ accountId: string; role: string | null; eks: { amount: string } | null }>;
    expect(accounts.length).toBe(new Set(records.map((x) => x.accountId)).size);
    expect(accounts.length).toBeGreaterThan(50);
    for (const a of accounts) expect(a.eks?.amount ?? '0.00', a.accountId).toBe(dollars(eksCents.get(a.accountId)));
    const amounts = accounts.map((a) => Number(a.eks?.amount ?? -1));
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(accounts.find((a) => a.accountId === OWN)?.role).toBe('administrator');

    const table = await usage(['--organization', '--region', 'us-east-1']);
    expect(table.stdout).toMatch(/ACCOUNT\s+ROLE\s+AUDIT LOGS\s+RUNTIME\s+EKS TOTAL/);
  });

  it('--organization from a standalone account: refused with the reason, exit 1', async () => {
    const { usage } = await start();
    const r = await usage(['--organization', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*Organization/i);
  });

  it('bad flags: exit 2 and nothing sent', async () => {
    const { gd, usage } = await start();
    for (const args of [['--bogus'], ['extra-argument'], ['-o', 'yaml']]) {
      const r = await usage([...args, '--region', 'us-east-1']);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(gd.stats.requests).toBe(0);
  });
});
