import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { eksFeatures, type ClusterFacts, type RegionStatus } from '../../src/domain/status-model.js';
import { limiter } from '../../src/workflows/limiter.js';
import { guardDutyView, indexCoverage, judgeCluster, summarize, type RegionView } from '../../src/domain/status-verdict.js';
import { renderStatusJson, renderStatusNdjson } from '../../src/domain/status-json.js';
import { problemLines } from '../../src/domain/problem-lines.js';
import { renderStatusText } from '../../src/output/status-table.js';

const plain = new Chalk({ level: 0 });
const detector = {
  id: 'det-1',
  status: 'ENABLED',
  findingPublishingFrequency: 'FIFTEEN_MINUTES',
  features: eksFeatures([
    { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
    { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
  ]),
};
const view: RegionView = {
  region: 'us-east-1',
  guardDuty: guardDutyView(detector),
  coverage: indexCoverage([
    { clusterName: 'prod', accountId: '1', coverageStatus: 'HEALTHY', issue: null, addonVersion: 'v1.10.0', addonStatus: 'ACTIVE', managementType: 'AUTO_MANAGED', coveredNodes: 6, compatibleNodes: 6 },
  ]),
};
const facts: ClusterFacts[] = [
  { name: 'prod', addon: { state: 'unknown', reason: 'endpoint does not support DescribeAddon' } },
  { name: 'bare\u001b[31m', addon: { state: 'absent' }, details: { arn: 'arn:aws:eks:us-east-1:1:cluster/bare', status: 'ACTIVE', guardDutyManagedTag: null, autoMode: false } },
];
const clusters = facts.map((f) => judgeCluster(view, f));
const ok: RegionStatus = { region: 'us-east-1', detector, clusters, summary: summarize(view, clusters), notes: [], problems: [] };
const failed: RegionStatus = {
  region: 'eu-west-1',
  detector: null,
  clusters: [],
  summary: summarize({ region: 'eu-west-1', guardDuty: { kind: 'unknown', reason: 'x' }, coverage: { unknown: 'x' } }, []),
  notes: [],
  problems: [],
  error: { code: 'ConnectionFailed', message: 'cannot connect' },
};

describe('status JSON', () => {
  it('is {"regions":[...]} with the documented keys, and an error object only on a failed region', () => {
    const out = JSON.parse(renderStatusJson([ok, failed]));
    expect(Object.keys(out)).toEqual(['regions']);
    const [r, f] = out.regions;
    expect(Object.keys(r)).toEqual(['region', 'detector', 'clusters', 'summary', 'notes', 'problems']);
    expect(r.detector).toEqual({
      id: 'det-1',
      status: 'ENABLED',
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [
        { name: 'EKS_AUDIT_LOGS', status: 'ENABLED', eksAddonManagement: null },
        { name: 'RUNTIME_MONITORING', status: 'ENABLED', eksAddonManagement: 'ENABLED' },
        { name: 'EKS_RUNTIME_MONITORING', status: null, eksAddonManagement: null },
      ],
    });
    expect(Object.keys(r.clusters[0])).toEqual([
      'name', 'verdict', 'reason', 'fix', 'coverageStatus', 'issue', 'addonVersion', 'addonStatus', 'managementType',
      'coveredNodes', 'compatibleNodes', 'eksAddon', 'guardDutyManagedTag', 'fargateOnly',
    ]);
    expect(r.clusters[0]).toMatchObject({ name: 'prod', verdict: 'protected', eksAddon: { state: 'unknown', reason: 'endpoint does not support DescribeAddon' } });
    expect(f).toMatchObject({ region: 'eu-west-1', detector: null, clusters: [], error: { code: 'ConnectionFailed' } });
  });

  it('ndjson: one region per line', () => {
    const lines = renderStatusNdjson([ok, failed]).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).region)).toEqual(['us-east-1', 'eu-west-1']);
  });
});

describe('status table', () => {
  const text = renderStatusText([ok, failed], plain);

  it('shows the detector, its EKS features and frequency, a row per cluster, and why/fix for the rest', () => {
    expect(text).toMatch(/^us-east-1 {2}detector det-1 {2}ENABLED {2}publishing frequency 15m$/m);
    expect(text).toMatch(/^ {2}RUNTIME_MONITORING {6}ENABLED {2}EKS_ADDON_MANAGEMENT ENABLED$/m);
    expect(text).toMatch(/^ {2}EKS_RUNTIME_MONITORING {2}not reported$/m);
    expect(text).toMatch(/CLUSTER\s+VERDICT\s+COVERAGE\s+NODES/);
    // AGENT and ADD-ON both read status first, then version.
    expect(text).toMatch(/prod\s+protected\s+HEALTHY\s+6\/6\s+ACTIVE v1\.10\.0\s+AUTO_MANAGED\s+unknown/);
    expect(text).toMatch(/add-on status unknown \(endpoint does not support DescribeAddon\)/);
    expect(text).toMatch(/not-protected: GuardDuty does not cover the cluster/);
    expect(text).toMatch(/fix: aws eks create-addon --cluster-name/);
    expect(text).toMatch(/2 clusters: 1 protected, 1 not-protected/);
    expect(text).toMatch(/^eu-west-1 {2}✗ could not be read: cannot connect$/m);
  });

  it('aligns EKS_ADDON_MANAGEMENT across features whose statuses differ in length', () => {
    const mixed = {
      ...detector,
      features: eksFeatures([
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'DISABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }] },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ]),
    };
    const lines = renderStatusText([{ ...ok, detector: mixed }], plain).split('\n').filter((l) => /^ {2}(EKS_)?RUNTIME_MONITORING /.test(l));
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.indexOf('EKS_ADDON_MANAGEMENT'))).size).toBe(1);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('a region whose detector could not be read still shows the clusters EKS listed, coverage "-"', () => {
    const gdUnknown: RegionView = { region: 'us-east-1', guardDuty: { kind: 'unknown', reason: 'ListDetectors failed: InternalServerErrorException' }, coverage: new Map() };
    const unknownClusters = [judgeCluster(gdUnknown, { name: 'prod', addon: { state: 'absent' } })];
    const r: RegionStatus = {
      region: 'us-east-1',
      detector: null,
      clusters: unknownClusters,
      summary: summarize(gdUnknown, unknownClusters),
      notes: [],
      problems: [{ code: 'InternalServerErrorException', action: 'guardduty:ListDetectors', message: 'GuardDuty failed ListDetectors in us-east-1' }],
      error: { code: 'InternalServerErrorException', message: 'GuardDuty failed ListDetectors in us-east-1' },
    };
    const out = renderStatusText([r], plain);
    expect(out).toMatch(/GuardDuty could not be read/);
    expect(out).not.toMatch(/no detector/);
    expect(out).toMatch(/^ {2}prod\s+unknown\s+-\s+-/m);
  });

  it('never prints a remote string\'s escape sequences raw', () => {
    expect(text).not.toContain('\u001b');
    expect(text).toContain('bare\\u001b[31m');
  });

  it('colours verdicts on a terminal', () => {
    const coloured = renderStatusText([ok], new Chalk({ level: 1 }));
    expect(coloured).toContain('\u001b[32mprotected');
    expect(coloured).toContain('\u001b[31m\u001b[1mnot-protected');
  });

  it('a fix shared by several clusters (turning GuardDuty on) is printed once, naming them; JSON keeps it per cluster', () => {
    const off: RegionView = { region: 'us-east-1', guardDuty: guardDutyView(null), coverage: indexCoverage([]) };
    const names = ['a', 'b', 'c', 'd', 'e'];
    const judged = names.map((name) => judgeCluster(off, { name, addon: { state: 'absent' } }));
    const region: RegionStatus = { region: 'us-east-1', detector: null, clusters: judged, summary: summarize(off, judged), notes: [], problems: [] };
    const text = renderStatusText([region], plain);
    const fix = judged[0]!.fix!;
    expect(judged.every((c) => c.fix === fix)).toBe(true);
    expect(text.split(fix)).toHaveLength(2);
    expect(text).not.toMatch(/^\s+fix: /m);
    expect(text).toContain(`fix for 5 clusters (a, b, c, +2 more):\n    ${fix}`);
    expect(JSON.parse(renderStatusJson([region])).regions[0].clusters.map((c: { fix: string }) => c.fix)).toEqual(names.map(() => fix));
  });

  it('says when a region has no detector, no clusters, or no cluster of that name', () => {
    const none: RegionStatus = { ...ok, detector: null, clusters: [], summary: summarize({ region: 'x', guardDuty: { kind: 'none' }, coverage: new Map() }, []) };
    expect(renderStatusText([none], plain)).toMatch(/no detector: GuardDuty is off in this region[\s\S]*no EKS clusters/);
    expect(renderStatusText([none], plain, { cluster: 'web' })).toMatch(/no EKS cluster named web/);
  });
});

describe('problem lines (stderr)', () => {
  it('one line per cause: a caller-side cause once for every action, each denied action on its own', () => {
    expect(
      problemLines([
        { code: 'ExpiredCredentials', action: 'guardduty:ListDetectors', message: 'the AWS credentials have expired (ListDetectors in r)' },
        { code: 'ExpiredCredentials', action: 'eks:ListClusters', message: 'the AWS credentials have expired (ListClusters in r)' },
      ]),
    ).toEqual(['could not read eks:ListClusters, guardduty:ListDetectors: the AWS credentials have expired (ListClusters in r)']);
    expect(
      problemLines([
        { code: 'AccessDenied', action: 'eks:DescribeAddon', message: 'access denied: eks:DescribeAddon', clusters: 40 },
        { code: 'AccessDenied', action: 'eks:DescribeCluster', message: 'access denied: eks:DescribeCluster', clusters: 1 },
      ]),
    ).toEqual(['could not read eks:DescribeAddon for 40 clusters: access denied: eks:DescribeAddon', 'could not read eks:DescribeCluster for 1 cluster: access denied: eks:DescribeCluster']);
  });
});

describe('limiter', () => {
  it('runs at most N tasks at once and all of them in the end', async () => {
    const limit = limiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('a failing task frees its slot', async () => {
    const limit = limiter(1);
    await expect(limit(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await limit(async () => 'next')).toBe('next');
  });
});
