import { describe, expect, it } from 'vitest';
import { buildFinding } from './build.js';
import { clusterInfo, DEFAULT_CLUSTERS } from './clusters.js';
import { valuesAt } from './criteria.js';
import { FAST_ATTRIBUTES } from './findings.js';
import { seedPlans, type SeedInput } from './seed.js';

const BASE = Date.parse('2026-06-01T00:00:00.000Z');
const clusters = DEFAULT_CLUSTERS.map((c) => clusterInfo(c, 'eu-west-1', BASE));
const input: SeedInput = { seed: 42, region: 'eu-west-1', eksCount: 60, otherCount: 6, baseTime: BASE, clusters };
const ctx = { region: 'eu-west-1', detectorId: 'd'.repeat(32), clusters };

describe('seeded findings', () => {
  it('are deterministic for a seed and differ across seeds and regions', () => {
    const a = seedPlans(input).map((p) => buildFinding(p, ctx));
    const b = seedPlans(input).map((p) => buildFinding(p, ctx));
    expect(a).toEqual(b);
    expect(seedPlans({ ...input, seed: 43 })[10]?.id).not.toBe(seedPlans(input)[10]?.id);
    expect(seedPlans({ ...input, region: 'us-east-1' })[10]?.id).not.toBe(seedPlans(input)[10]?.id);
  });

  it('cover every severity band, both EKS data sources, non-EKS resources and a few archived findings', () => {
    const plans = seedPlans(input);
    expect(plans).toHaveLength(66);
    const bands = new Set(plans.map((p) => (p.severity >= 9 ? 'critical' : p.severity >= 7 ? 'high' : p.severity >= 4 ? 'medium' : 'low')));
    expect(bands).toEqual(new Set(['low', 'medium', 'high', 'critical']));
    const findings = plans.map((p) => buildFinding(p, ctx));
    const features = new Set(findings.map((f) => valuesAt(f, 'service.featureName')[0]));
    expect(features).toContain('EksAuditLogs');
    expect(features).toContain('RuntimeMonitoring');
    expect(new Set(findings.map((f) => valuesAt(f, 'resource.resourceType')[0]))).toEqual(new Set(['EKSCluster', 'Instance', 'S3Bucket']));
    const archived = plans.filter((p) => p.archived).length;
    expect(archived).toBeGreaterThan(0);
    expect(archived).toBeLessThan(10);
    expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length);
    for (const p of plans) {
      expect(p.id).toMatch(/^[0-9a-f]{32}$/);
      expect(p.createdAt).toBeLessThanOrEqual(p.updatedAt);
      expect(p.updatedAt).toBeLessThanOrEqual(BASE);
      expect(BASE - p.createdAt).toBeLessThanOrEqual(30 * 86_400_000);
      expect(p.firstSeen).toBeLessThanOrEqual(p.lastSeen);
    }
  });

  it('fast attribute readers agree with the built wire JSON for every finding', () => {
    for (const plan of seedPlans(input)) {
      const built = buildFinding(plan, ctx);
      for (const [attribute, read] of Object.entries(FAST_ATTRIBUTES)) {
        expect(read(plan, ctx), `${attribute} of ${plan.kind.type}`).toEqual(valuesAt(built, attribute));
      }
    }
  });

  // How fast is the benchmarks' business (scripts/bench), not a test's: a shared machine makes timings flaky.
  it('plans 50,000 EKS findings and 5,000 others', () => {
    const plans = seedPlans({ ...input, eksCount: 50_000, otherCount: 5_000 });
    expect(plans).toHaveLength(55_000);
  });
});
