import type { Finding } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { BlastCounter, blastWarnings, matchesLocally, radiusFromStatistics, splitCriteria, valuesAt, wildcardMatch, windowCriteria } from '../../src/domain/blast-radius.js';

const finding = (over: { severity?: number; type?: string; cluster?: string; archived?: boolean; pod?: string; sample?: boolean }): Finding =>
  ({
    Id: 'x',
    Severity: over.severity ?? 2,
    Type: over.type ?? 'Execution:Kubernetes/ExecInKubeSystemPod',
    Resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: { Name: over.cluster ?? 'prod' },
      KubernetesDetails: { KubernetesWorkloadDetails: { Name: over.pod ?? 'trivy-abc', Containers: [{ Image: 'aquasec/trivy:1' }] } },
    },
    Service: { Archived: over.archived ?? false, AdditionalInfo: { Value: over.sample ? '{"sample":true}' : '{}', Type: 'default' } },
  }) as Finding;

describe('blast radius', () => {
  it('the window: updated in the last 90 days, in epoch milliseconds', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(windowCriteria(now)).toEqual({ updatedAt: { GreaterThanOrEqual: Date.parse('2026-08-27T00:00:00Z') } });
  });

  it('wildcard conditions are split off (ListFindings rejects Matches) and checked on each finding', () => {
    const split = splitCriteria({
      Criterion: {
        'resource.resourceType': { Equals: ['EKSCluster'] },
        'resource.kubernetesDetails.kubernetesWorkloadDetails.name': { Matches: ['trivy-*'] },
        'resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image': { NotMatches: ['*:latest'] },
      },
    });
    expect(split.server).toEqual({ Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } });
    expect(matchesLocally(finding({ pod: 'trivy-x1' }), split.local)).toBe(true);
    expect(matchesLocally(finding({ pod: 'nginx-x1' }), split.local)).toBe(false);
    expect(valuesAt(finding({}), 'resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image')).toEqual(['aquasec/trivy:1']);
  });

  it('wildcards cover the whole value; other regex characters are literal', () => {
    expect(wildcardMatch('a.b*', 'a.bc')).toBe(true);
    expect(wildcardMatch('a.b*', 'axbc')).toBe(false);
    expect(wildcardMatch('trivy', 'trivy-1')).toBe(false);
    expect(wildcardMatch('*', '')).toBe(true);
  });

  it('counting by listing: bands, types most frequent first, clusters, active', () => {
    const c = new BlastCounter();
    for (const f of [finding({ severity: 8, cluster: 'b', sample: true }), finding({ severity: 2, type: 'T/a', archived: true }), finding({ severity: 9.5, type: 'T/a' })]) c.add(f);
    expect(c.result()).toEqual({
      total: 3,
      active: 2,
      bySeverity: { low: 1, medium: 0, high: 1, critical: 1 },
      types: [{ type: 'T/a', count: 2 }, { type: 'Execution:Kubernetes/ExecInKubeSystemPod', count: 1 }],
      clusters: ['b', 'prod'],
      samples: 1,
      severeSamples: 1,
      method: 'listing',
    });
  });

  it('counting by statistics gives the same figures', () => {
    const r = radiusFromStatistics({
      severity: [{ key: '8', count: 1 }, { key: '2', count: 1 }, { key: '9.5', count: 1 }],
      activeSeverity: [{ key: '8', count: 1 }, { key: '9.5', count: 1 }],
      sampleSeverity: [{ key: '8', count: 1 }],
      types: [{ key: 'Execution:Kubernetes/ExecInKubeSystemPod', count: 1 }, { key: 'T/a', count: 2 }],
      resources: [{ key: 'prod', count: 2 }, { key: 'b', count: 1 }],
    });
    expect({ ...r, method: 'listing' }).toEqual({
      total: 3,
      active: 2,
      bySeverity: { low: 1, medium: 0, high: 1, critical: 1 },
      types: [{ type: 'T/a', count: 2 }, { type: 'Execution:Kubernetes/ExecInKubeSystemPod', count: 1 }],
      clusters: ['b', 'prod'],
      samples: 1,
      severeSamples: 1,
      method: 'listing',
    });
  });

  it('warns on HIGH or CRITICAL findings and on more than one cluster; says nothing for a narrow, low rule', () => {
    const c = new BlastCounter();
    c.add(finding({ severity: 8, cluster: 'a' }));
    c.add(finding({ severity: 9, cluster: 'b' }));
    const w = blastWarnings(c.result());
    expect(w[0]).toBe('this rule would have hidden 1 CRITICAL and 1 HIGH findings in the last 90 days');
    expect(w[1]).toMatch(/from 2 clusters \(a, b\)/);
    const withSample = new BlastCounter();
    withSample.add(finding({ severity: 8, sample: true }));
    expect(blastWarnings(withSample.result())[0]).toBe('this rule would have hidden 1 HIGH finding in the last 90 days (a sample)');
    const quiet = new BlastCounter();
    quiet.add(finding({ severity: 2 }));
    expect(blastWarnings(quiet.result())).toEqual([]);
  });
});

describe('counting a filter that already narrows what is added', () => {
  it('a filter for archived findings matches no active one (not "the active ones matching the rest")', () => {
    expect(splitCriteria({ Criterion: { 'service.archived': { Equals: ['true'] } } }, { 'service.archived': { Equals: ['false'] } }).impossible).toBe(true);
  });

  it('its own time bound and the 90-day window: the narrower wins', () => {
    const split = splitCriteria({ Criterion: { updatedAt: { Gte: 2_000 } } }, { updatedAt: { GreaterThanOrEqual: 1_000 } });
    expect(split.server.Criterion?.updatedAt).toEqual({ GreaterThanOrEqual: 2_000 });
    expect(split.impossible).toBeUndefined();
  });
});
