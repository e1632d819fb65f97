// `gdeks usage`'s readable report fitted to a terminal's width (src/output/usage-table.ts, src/output/fit-table.ts).
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { AccountUsage, ClusterUsage, FeatureUsage, OrgRegionUsage, RegionUsage, UsageTotal } from '../../src/domain/usage-model.js';
import { visibleWidth } from '../../src/output/fit-width.js';
import { renderOrgUsageText, renderUsageText } from '../../src/output/usage-table.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });
const usd = (amount: string) => ({ amount, unit: 'USD' });

function feature(name: 'EKS_AUDIT_LOGS' | 'EKS_RUNTIME_MONITORING', on: boolean, cost: string | null): FeatureUsage {
  const names = name === 'EKS_AUDIT_LOGS' ? ['EKS_AUDIT_LOGS'] : ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'];
  return {
    feature: name,
    detectorFeatures: names.map((n) => ({ name: n, status: on ? 'ENABLED' : 'DISABLED' })),
    cost: cost === null ? null : usd(cost),
    estimate: cost === null ? null : usd((Number(cost) * 2.5).toFixed(2)),
    estimateIsLowerBound: true,
    freeTrialDaysRemaining: 18,
    changedDaysAgo: null,
  };
}

function cluster(name: string, audit: string, runtime: string, attention: string | null = null): ClusterUsage {
  return {
    name,
    verdict: attention ? 'degraded' : 'protected',
    coverageStatus: attention ? 'UNHEALTHY' : 'HEALTHY',
    coveredNodes: attention ? 2 : 6,
    compatibleNodes: attention ? 4 : 6,
    costs: { EKS_AUDIT_LOGS: usd(audit), EKS_RUNTIME_MONITORING: usd(runtime) },
    cost: usd((Number(audit) + Number(runtime)).toFixed(2)),
    attention,
  };
}

function region(name: string, features: FeatureUsage[], clusters: ClusterUsage[]): RegionUsage {
  return {
    region: name,
    detectorId: '62437dbc0ae2a38b0fdc024660cb8736',
    accountId: '123456789012',
    detectorCreatedAt: null,
    days: 12,
    total: usd('113.58'),
    eks: usd('78.54'),
    monthlyEstimate: usd('196.34'),
    monthlyEstimateIsLowerBound: true,
    features,
    clusters,
    notes: [],
    problems: [],
  };
}

const CLUSTERS = [
  cluster('payments-production-eu-central-cluster', '12345.47', '2.20', 'paying for 2 of 4 nodes, coverage UNHEALTHY'),
  cluster('ml-batch', '14.03', '20.75'),
  cluster('prod-eu', '7.59', '8.28'),
];
const REGIONS = [
  region('us-east-1', [feature('EKS_AUDIT_LOGS', true, '47.31'), feature('EKS_RUNTIME_MONITORING', true, '31.23')], CLUSTERS),
  region('eu-west-1', [feature('EKS_AUDIT_LOGS', false, null), feature('EKS_RUNTIME_MONITORING', false, null)], []),
];
const TOTAL: UsageTotal = {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1', 'ca-central-1', 'eu-central-1'],
  total: usd('209.56'),
  eks: usd('123.16'),
  monthlyEstimate: usd('307.88'),
  monthlyEstimateIsLowerBound: false,
  features: [{ feature: 'EKS_AUDIT_LOGS', cost: usd('73.44'), estimate: usd('183.59') }],
  incomplete: [],
};
const VIEW = { regions: REGIONS, total: TOTAL };

const lines = (text: string) => text.trimEnd().split('\n');
const widest = (text: string) => Math.max(...lines(text).map(visibleWidth));
/** The row of a table that starts with `first` (after the indent). */
const rowOf = (text: string, first: string) => lines(text).find((l) => l.trimStart().startsWith(first)) ?? '';

describe('gdeks usage on an 80-column terminal', () => {
  const text = renderUsageText(VIEW, plain, { width: 80 });

  it('fits every line into 80 columns (the same report is over 100 wide without a width)', () => {
    expect(widest(renderUsageText(VIEW, plain))).toBeGreaterThan(100);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(widest(renderUsageText(VIEW, coloured, { width: 80 }))).toBeLessThanOrEqual(80);
  });

  it('keeps every amount whole and every cost column', () => {
    for (const amount of ['12345.47', '2.20', '12347.67', '14.03', '20.75', '34.78', '7.59', '8.28', '15.87', '47.31', '31.23', '≥ 118.28', '≥ 78.08', '113.58', '78.54', '209.56', '123.16', '183.59']) {
      expect(text).toContain(amount);
    }
    expect(rowOf(text, 'CLUSTER')).toMatch(/^ {2}CLUSTER +VERDICT +AUDIT LOGS +RUNTIME +EKS TOTAL$/);
    expect(rowOf(text, 'USAGE FEATURE')).toMatch(/^ {2}USAGE FEATURE +DETECTOR FEATURE +30 DAYS +PER 30 DAYS +FREE TRIAL$/);
  });

  it('shortens text with an ellipsis, in the documented order: a long cluster name, the mark, then the detector features (keeping "(off)")', () => {
    // CLUSTER down to 24, the mark to 32, COVERAGE out, CLUSTER to 16, NODES out, the mark further.
    expect(rowOf(text, 'payments-')).toMatch(/^ {2}payments-produc… {2}degraded {3}12345\.47 {4}2\.20 {5}12347\.67 {3}← paying for 2 o…$/);
    expect(rowOf(text, 'ml-batch')).toMatch(/^ {2}ml-batch +protected +14\.03 +20\.75 +34\.78$/);
    expect(rowOf(text, 'EKS_RUNTIME_MONITORING ')).toMatch(/^ {2}EKS_RUNTIME_MONITORING {2}RUNTIME_MONITORIN… +31\.23/);
    expect(rowOf(text, 'EKS_AUDIT_LOGS ')).toMatch(/^ {2}EKS_AUDIT_LOGS {10}EKS_AUDIT_LOGS {6}/);
    expect(text).toMatch(/^ {2}EKS_AUDIT_LOGS {10}EKS_AUDIT_L… \(off\) {2}- +- +18 days left$/m);
    expect(text).toMatch(/^ {2}EKS_RUNTIME_MONITORING {2}RUNTIME_MON… \(off\) {2}- +- +18 days left$/m);
  });

  it('wraps a heading between its parts, the detector id whole', () => {
    expect(lines(text).slice(0, 2)).toEqual(['us-east-1  account 123456789012  detector 62437dbc0ae2a38b0fdc024660cb8736', '  last 30 days, USD  (the detector is 12 days old)']);
    expect(text).toContain('all regions (us-east-1, eu-west-1, ap-southeast-2, sa-east-1, ca-central-1,\n  eu-central-1)\n  last 30 days, USD\n');
  });

  it('colours a shortened cell after the cut, so no escape code is cut', () => {
    const c = renderUsageText(VIEW, coloured, { width: 80 });
    const mark = (rowOf(text, 'payments-').split('  ').at(-1) ?? '').trim();
    expect(mark).toMatch(/^← paying .*…$/);
    expect(c).toContain(coloured.red.bold(mark));
    expect(c).toContain(coloured.dim('RUNTIME_MON… (off)'));
  });
});

describe('gdeks usage where it fits', () => {
  it('is the same report at 200 columns as without a width (a pipe)', () => {
    const piped = renderUsageText(VIEW, coloured);
    expect(widest(piped)).toBeLessThanOrEqual(200);
    expect(renderUsageText(VIEW, coloured, { width: 200 })).toBe(piped);
    expect(renderUsageText(VIEW, plain, { width: 200 })).toBe(renderUsageText(VIEW, plain));
    // Exactly as wide as its widest line: nothing changes either.
    expect(renderUsageText(VIEW, plain, { width: widest(piped) })).toBe(renderUsageText(VIEW, plain));
  });
});

describe('gdeks usage --organization on an 80-column terminal', () => {
  const account = (id: string, role: string | null, audit: string): AccountUsage => ({
    accountId: id,
    role,
    total: usd('283.90'),
    costs: { EKS_AUDIT_LOGS: usd(audit), EKS_RUNTIME_MONITORING: null },
    eks: usd(audit),
    freeTrialDaysRemaining: { EKS_AUDIT_LOGS: 12, EKS_RUNTIME_MONITORING: 3 },
  });
  const org: OrgRegionUsage = {
    region: 'us-east-1',
    detectorId: '62437dbc0ae2a38b0fdc024660cb8736',
    accountId: '123456789012',
    features: [
      { feature: 'EKS_AUDIT_LOGS', cost: usd('286.82') },
      { feature: 'EKS_RUNTIME_MONITORING', cost: usd('142.15') },
    ],
    total: usd('1995.25'),
    eks: usd('428.97'),
    accounts: [account('123456789012', 'administrator', '118.23'), account('200000000085', 'Enabled', '50.18')],
    notes: [],
    problems: [],
  };
  const view = { regions: [org], total: null };

  it('fits, leaving out the free-trial column first, every account id and amount whole', () => {
    expect(widest(renderOrgUsageText(view, plain))).toBeGreaterThan(80);
    const text = renderOrgUsageText(view, plain, { width: 80 });
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(rowOf(text, 'ACCOUNT')).toMatch(/^ {2}ACCOUNT +ROLE +AUDIT LOGS +RUNTIME +EKS TOTAL +ALL FEATURES$/);
    expect(rowOf(text, '123456789012')).toMatch(/^ {2}123456789012 {2}administrator {2}118\.23 +- +118\.23 +283\.90$/);
    expect(text).toContain('    (EKS_AUDIT_LOGS 286.82, EKS_RUNTIME_MONITORING 142.15)');
    expect(renderOrgUsageText(view, plain, { width: 200 })).toBe(renderOrgUsageText(view, plain));
  });
});
