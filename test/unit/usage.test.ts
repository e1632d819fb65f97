import { FreeTrialFeatureResult, UsageFeature } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '../../src/domain/status-model.js';
import {
  addRegions,
  eksTotals,
  featureUsages,
  joinClusters,
  missingFromTop,
  monthlyEstimate,
  orgAccounts,
  payingGap,
  sumMoney,
  usageBasis,
  usageNotes,
} from '../../src/domain/usage.js';
import { EKS_USAGE_FEATURES, TRIAL_NAME, type RegionUsage, type UsageRow } from '../../src/domain/usage-model.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const usd = (amount: string) => ({ amount, unit: 'USD' });
const row = (key: string, amount: string): UsageRow => ({ key, total: usd(amount) });

function cluster(name: string, over: Partial<ClusterStatus> = {}): ClusterStatus {
  return {
    name,
    verdict: 'protected',
    reason: '',
    fix: null,
    coverageStatus: 'HEALTHY',
    issue: null,
    addonVersion: null,
    addonStatus: null,
    managementType: null,
    coveredNodes: 4,
    compatibleNodes: 4,
    eksAddon: { state: 'absent' },
    guardDutyManagedTag: null,
    fargateOnly: null,
    ...over,
  };
}

describe('usage feature names come from the SDK', () => {
  it('EKS usage is EKS_AUDIT_LOGS and EKS_RUNTIME_MONITORING; the usage and trial enums have no RUNTIME_MONITORING', () => {
    expect(EKS_USAGE_FEATURES).toEqual(['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']);
    for (const f of EKS_USAGE_FEATURES) {
      expect(Object.values(UsageFeature)).toContain(f);
      expect(Object.values(FreeTrialFeatureResult)).toContain(TRIAL_NAME[f]);
    }
    expect(Object.values(UsageFeature)).not.toContain('RUNTIME_MONITORING');
    expect(Object.values(FreeTrialFeatureResult)).not.toContain('RUNTIME_MONITORING');
  });
});

describe('sums and the monthly estimate', () => {
  it('sums exactly, keeps the unit, and refuses to add different units', () => {
    expect(sumMoney([usd('12345678.9'), usd('0.000001'), null])).toEqual(usd('12345678.900001'));
    expect(sumMoney([])).toBeNull();
    expect(sumMoney([usd('1'), { amount: '1', unit: 'EUR' }])).toEqual({ unknown: expect.stringMatching(/different units/) });
  });

  it('a detector 30 or more days old: the estimate is the 30-day cost, unchanged', () => {
    const basis = usageBasis(new Date(NOW - 200 * DAY).toISOString(), NOW);
    expect(basis).toEqual({ ms: 30 * DAY, days: 30 });
    expect(monthlyEstimate(usd('12345678.9'), 30 * DAY)).toEqual(usd('12345678.9'));
  });

  it('a detector 7 days old: the basis says 7 days and the estimate scales the cost to 30', () => {
    const basis = usageBasis(new Date(NOW - 7 * DAY).toISOString(), NOW);
    expect(basis).toEqual({ ms: 7 * DAY, days: 7 });
    expect(monthlyEstimate(usd('7.00'), 7 * DAY)).toEqual(usd('30.00'));
    expect(monthlyEstimate(usd('0.000001'), 7 * DAY)).toEqual(usd('0.000004'));
    expect(monthlyEstimate(usd('1'), 7 * DAY)).toEqual(usd('4.29'));
  });

  it('no creation time, or a detector under an hour old: no basis, no estimate', () => {
    expect(usageBasis(null, NOW)).toBeNull();
    expect(usageBasis('not a date', NOW)).toBeNull();
    expect(monthlyEstimate(usd('1.00'), 60_000)).toBeNull();
  });
});

describe('featureUsages', () => {
  const detectorFeatures = [
    { name: 'EKS_AUDIT_LOGS', status: 'ENABLED', updatedAt: new Date(NOW - 7 * DAY).toISOString() },
    { name: 'RUNTIME_MONITORING', status: 'ENABLED', updatedAt: new Date(NOW - 2 * DAY).toISOString() },
    { name: 'EKS_RUNTIME_MONITORING', status: 'DISABLED', updatedAt: null },
  ];

  it('names the detector feature each usage belongs to, with the trial days and a lower-bound estimate for a feature turned on later', () => {
    const fs = featureUsages({
      byFeature: [row('FLOW_LOGS', '3.00'), row('EKS_AUDIT_LOGS', '7.00'), row('EKS_RUNTIME_MONITORING', '2.00')],
      trialDays: { EKS_AUDIT_LOGS: 23, EKS_RUNTIME_MONITORING: 28 },
      detectorFeatures,
      basis: { ms: 7 * DAY, days: 7 },
      now: NOW,
    });
    expect(fs[0]).toMatchObject({
      feature: 'EKS_AUDIT_LOGS',
      detectorFeatures: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }],
      cost: usd('7.00'),
      estimate: usd('30.00'),
      estimateIsLowerBound: false,
      freeTrialDaysRemaining: 23,
    });
    expect(fs[1]).toMatchObject({
      feature: 'EKS_RUNTIME_MONITORING',
      detectorFeatures: [
        { name: 'RUNTIME_MONITORING', status: 'ENABLED' },
        { name: 'EKS_RUNTIME_MONITORING', status: 'DISABLED' },
      ],
      cost: usd('2.00'),
      estimateIsLowerBound: true,
      changedDaysAgo: 2,
      freeTrialDaysRemaining: 28,
    });
    const totals = eksTotals(fs);
    expect(totals).toEqual({ eks: usd('9.00'), monthlyEstimate: usd('38.57'), monthlyEstimateIsLowerBound: true });
    const notes = usageNotes({ days: 7, detectorCreatedAt: 'x', features: fs }, []);
    expect(notes[0]).toMatch(/the detector is 7 days old: the costs cover 7 days, not 30/);
    expect(notes[1]).toMatch(/RUNTIME_MONITORING changed 2 days ago: .*EKS_RUNTIME_MONITORING's cost covers only those days, so its estimate per 30 days is a lower bound/);
  });

  it('a feature GuardDuty reports no usage for has no cost and no estimate; an unreadable statistic stays unknown', () => {
    const none = featureUsages({ byFeature: [row('FLOW_LOGS', '1.00')], trialDays: null, detectorFeatures: [], basis: { ms: 30 * DAY, days: 30 }, now: NOW });
    expect(none.map((f) => [f.cost, f.estimate, f.freeTrialDaysRemaining])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(eksTotals(none)).toEqual({ eks: null, monthlyEstimate: null, monthlyEstimateIsLowerBound: false });
    const unread = featureUsages({ byFeature: { unknown: 'access denied' }, trialDays: { unknown: 'x' }, detectorFeatures: [], basis: null, now: NOW });
    expect(unread[0]).toMatchObject({ cost: { unknown: 'access denied' }, freeTrialDaysRemaining: { unknown: 'x' }, estimate: null });
    // Unknown, not "nothing reported" and not a partial sum.
    expect(eksTotals(unread)).toEqual({ eks: { unknown: 'access denied' }, monthlyEstimate: null, monthlyEstimateIsLowerBound: false });
  });
});

describe('each cluster\'s cost beside its status verdict', () => {
  const facts = {
    clusters: [
      cluster('prod', { coveredNodes: 6, compatibleNodes: 6 }),
      cluster('payments', { verdict: 'degraded', coverageStatus: 'UNHEALTHY', coveredNodes: 2, compatibleNodes: 4 }),
      cluster('new', { verdict: 'not-protected', coverageStatus: 'NOT_COVERED', coveredNodes: null, compatibleNodes: null }),
      cluster('idle', { verdict: 'not-protected', coverageStatus: 'UNHEALTHY', coveredNodes: 0, compatibleNodes: 4 }),
    ],
    runtimeOn: true,
    eksListed: true,
  };

  it('marks a cluster that costs money without full runtime coverage, most expensive first; a cluster EKS no longer lists keeps its cost', () => {
    const joined = joinClusters(
      {
        EKS_AUDIT_LOGS: [row('prod', '12345678.9'), row('new', '0.000001'), row('gone', '1.00'), row('payments', '3.00'), row('idle', '0.00')],
        EKS_RUNTIME_MONITORING: [row('prod', '0.1'), row('payments', '5.00')],
      },
      facts,
    );
    expect(joined.map((c) => [c.name, c.cost?.amount ?? null, c.verdict, c.attention])).toEqual([
      ['prod', '12345679.0', 'protected', null],
      ['payments', '8.00', 'degraded', 'paying for 2 of 4 nodes, coverage UNHEALTHY'],
      ['gone', '1.00', null, null],
      ['new', '0.000001', 'not-protected', 'paying, but the agent covers no node, coverage NOT_COVERED'],
      ['idle', '0.00', 'not-protected', null],
    ]);
    expect(joined[1]?.costs).toEqual({ EKS_AUDIT_LOGS: usd('3.00'), EKS_RUNTIME_MONITORING: usd('5.00') });
  });

  it('"paying for 0 of 4 nodes": a cluster whose agent is missing on every node', () => {
    expect(payingGap({ verdict: 'not-protected', coverageStatus: 'UNHEALTHY', coveredNodes: 0, compatibleNodes: 4, cost: usd('2.50') }, true)).toBe(
      'paying for 0 of 4 nodes, coverage UNHEALTHY',
    );
  });

  it('no mark when runtime monitoring is off in the region, the cluster is free, or its verdict is protected, excluded or unknown', () => {
    const c = { verdict: 'not-protected' as const, coverageStatus: 'NOT_COVERED', coveredNodes: null, compatibleNodes: null, cost: usd('1.00') };
    expect(payingGap(c, false)).toBeNull();
    expect(payingGap(c, null)).toBeNull();
    expect(payingGap({ ...c, cost: usd('0.000') }, true)).toBeNull();
    expect(payingGap({ ...c, cost: null }, true)).toBeNull();
    for (const verdict of ['protected', 'excluded', 'not-applicable', 'unknown'] as const) expect(payingGap({ ...c, verdict }, true)).toBeNull();
  });

  it('when EKS could not list clusters, a cluster only the usage names is unknown, not gone; an unreadable cost stays unknown', () => {
    const joined = joinClusters({ EKS_AUDIT_LOGS: [row('x', '1.00')], EKS_RUNTIME_MONITORING: { unknown: 'denied' } }, { clusters: [], runtimeOn: null, eksListed: false });
    expect(joined).toEqual([
      expect.objectContaining({ name: 'x', verdict: 'unknown', cost: usd('1.00'), costs: { EKS_AUDIT_LOGS: usd('1.00'), EKS_RUNTIME_MONITORING: { unknown: 'denied' } } }),
    ]);
  });

  it('a full top-50 list: the known clusters it lacks are to be asked for by name; a shorter list is complete', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => row(`c${i}`, '1.00'));
    expect(missingFromTop(fifty, ['c1', 'c50', 'c51'], 50)).toEqual(['c50', 'c51']);
    expect(missingFromTop(fifty.slice(1), ['c0', 'c50'], 50)).toEqual([]);
    expect(missingFromTop({ unknown: 'x' }, ['c0'], 50)).toEqual([]);
  });
});

describe('organization: accounts largest first', () => {
  it('orders by EKS cost, then total, then account id; roles and free-trial days per account', () => {
    const accounts = orgAccounts({
      byAccount: [row('111111111111', '100.00'), row('222222222222', '5.00'), row('333333333333', '50.00'), row('444444444444', '60.00')],
      topByFeature: [
        { feature: 'EKS_AUDIT_LOGS', accounts: [row('222222222222', '4.00'), row('333333333333', '1.00'), row('444444444444', '1.00')] },
        { feature: 'EKS_RUNTIME_MONITORING', accounts: [row('333333333333', '0.000001')] },
      ],
      trial: { accounts: [{ accountId: '222222222222', days: { EKS_AUDIT_LOGS: 12 } }] },
      roles: new Map([
        ['111111111111', 'administrator'],
        ['222222222222', 'Enabled'],
      ]),
    });
    expect(accounts.map((a) => [a.accountId, a.role, a.eks?.amount ?? null])).toEqual([
      ['222222222222', 'Enabled', '4.00'],
      ['333333333333', null, '1.000001'],
      ['444444444444', null, '1.00'],
      ['111111111111', 'administrator', null],
    ]);
    expect(accounts[0]?.freeTrialDaysRemaining).toEqual({ EKS_AUDIT_LOGS: 12, EKS_RUNTIME_MONITORING: null });
  });
});

describe('several regions added up', () => {
  const region = (name: string, over: Partial<RegionUsage>): RegionUsage => ({
    region: name,
    detectorId: 'd',
    accountId: '123456789012',
    detectorCreatedAt: null,
    days: 30,
    total: null,
    eks: null,
    monthlyEstimate: null,
    monthlyEstimateIsLowerBound: false,
    features: [],
    clusters: [],
    notes: [],
    problems: [],
    ...over,
  });
  const feature = (f: 'EKS_AUDIT_LOGS' | 'EKS_RUNTIME_MONITORING', cost: string, estimate: string) => ({
    feature: f,
    detectorFeatures: [],
    cost: usd(cost),
    estimate: usd(estimate),
    estimateIsLowerBound: false,
    freeTrialDaysRemaining: null,
    changedDaysAgo: null,
  });

  it('sums per feature, in total and the estimate exactly; a failed region is named as missing from the sums', () => {
    const t = addRegions([
      region('us-east-1', { total: usd('12345678.9'), eks: usd('10.00'), monthlyEstimate: usd('10.00'), features: [feature('EKS_AUDIT_LOGS', '10.00', '10.00')] }),
      region('eu-west-1', {
        total: usd('0.000001'),
        eks: usd('0.000001'),
        monthlyEstimate: usd('0.000004'),
        features: [feature('EKS_RUNTIME_MONITORING', '0.000001', '0.000004')],
      }),
      region('ap-south-1', { error: { code: 'X', message: 'down' } }),
    ]);
    expect(t.total).toEqual(usd('12345678.900001'));
    expect(t.eks).toEqual(usd('10.000001'));
    expect(t.monthlyEstimate).toEqual(usd('10.000004'));
    expect(t.features).toEqual([
      { feature: 'EKS_AUDIT_LOGS', cost: usd('10.00'), estimate: usd('10.00') },
      { feature: 'EKS_RUNTIME_MONITORING', cost: usd('0.000001'), estimate: usd('0.000004') },
    ]);
    expect(t.incomplete).toEqual(['ap-south-1']);
  });
});
