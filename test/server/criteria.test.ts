import { describe, expect, it } from 'vitest';
import { compareKeys, conditionHolds, matchesAll, parseFindingCriteria, parseSortCriteria, sortKey, valuesAt } from './criteria.js';
import { ApiError } from './errors.js';
import type { JsonObject } from './validate.js';

const finding: JsonObject = {
  id: 'abc',
  type: 'Execution:Kubernetes/ExecInKubeSystemPod',
  severity: 5.3,
  updatedAt: '2026-01-10T12:00:00.000Z',
  resource: {
    resourceType: 'EKSCluster',
    eksClusterDetails: { name: 'prod-eu', createdAt: 1700000000, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'web' }] },
    kubernetesDetails: { kubernetesWorkloadDetails: { namespace: 'kube-system', hostIPC: true, containers: [{ image: 'a' }, { image: 'b' }] } },
  },
  service: { archived: false, featureName: 'EksAuditLogs', additionalInfo: { value: '{"sample":true}', type: 'default' } },
};

function rejects(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('criteria parsing', () => {
  it('accepts current and deprecated operators and normalizes them', () => {
    const parsed = parseFindingCriteria({ criterion: { severity: { gte: 4 }, type: { equals: ['x'] }, 'service.archived': { eq: ['false'] } } });
    expect(parsed).toEqual([
      { attribute: 'severity', condition: { gte: 4 } },
      { attribute: 'type', condition: { equals: ['x'] } },
      { attribute: 'service.archived', condition: { equals: ['false'] } },
    ]);
  });

  it('rejects unknown attributes, unknown or mixed operators, filter-only operators and bad values', () => {
    const bad: JsonObject[] = [
      { 'resource.nope': { equals: ['x'] } },
      { severity: { Gte: 7 } },
      { severity: { gte: 7, greaterThan: 2 } },
      { type: { matches: ['Exec*'] } },
      { severity: { greaterThan: '7' } },
      { type: { equals: [] } },
      { type: { equals: 'x' } },
      { type: {} },
    ];
    for (const criterion of bad) {
      const err = rejects(() => parseFindingCriteria({ criterion }));
      expect(err.status, JSON.stringify(criterion)).toBe(400);
      expect(err.errorType).toBe('BadRequestException');
    }
    expect(rejects(() => parseFindingCriteria({ criterion: {}, other: 1 })).status).toBe(400);
  });

  it('validates sort criteria', () => {
    expect(parseSortCriteria({ attributeName: 'updatedAt', orderBy: 'DESC' })).toEqual({ attribute: 'updatedAt', order: 'DESC' });
    expect(parseSortCriteria({ attributeName: 'severity' })).toEqual({ attribute: 'severity', order: 'ASC' });
    expect(rejects(() => parseSortCriteria({ attributeName: 'bogus' })).status).toBe(400);
    expect(rejects(() => parseSortCriteria({ attributeName: 'severity', orderBy: 'desc' })).status).toBe(400);
  });
});

describe('criteria evaluation', () => {
  const holds = (attribute: string, condition: Parameters<typeof conditionHolds>[1]): boolean =>
    conditionHolds(attribute, condition, valuesAt(finding, attribute));

  it('walks dotted paths through lists, case-insensitively where criterion and wire names differ', () => {
    expect(valuesAt(finding, 'resource.eksClusterDetails.tags.key')).toEqual(['env', 'team']);
    expect(valuesAt(finding, 'resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image')).toEqual(['a', 'b']);
    expect(valuesAt(finding, 'resource.kubernetesDetails.kubernetesWorkloadDetails.hostIpc')).toEqual([true]);
    expect(valuesAt(finding, 'service.additionalInfo.sample')).toEqual([true]);
    expect(valuesAt(finding, 'resource.instanceDetails.instanceId')).toEqual([]);
  });

  it('compares strings exactly (no prefix matching on type)', () => {
    expect(holds('type', { equals: ['Execution:Kubernetes/ExecInKubeSystemPod'] })).toBe(true);
    expect(holds('type', { equals: ['Execution:Kubernetes/'] })).toBe(false);
    expect(holds('type', { notEquals: ['Execution:Kubernetes/ExecInKubeSystemPod'] })).toBe(false);
    expect(holds('resource.eksClusterDetails.tags.value', { equals: ['web'] })).toBe(true);
  });

  it('treats a missing attribute as not equal to anything', () => {
    expect(holds('resource.instanceDetails.instanceId', { notEquals: ['i-1'] })).toBe(true);
    expect(holds('resource.instanceDetails.instanceId', { equals: ['i-1'] })).toBe(false);
    expect(holds('resource.instanceDetails.instanceId', { gte: 0 })).toBe(false);
  });

  it('matches severity bands by whole number as the docs describe, and numerically', () => {
    expect(holds('severity', { equals: ['5'] })).toBe(true);
    expect(holds('severity', { equals: ['5.3'] })).toBe(true);
    expect(holds('severity', { equals: ['7', '8'] })).toBe(false);
    expect(holds('severity', { gte: 5, lt: 6 })).toBe(true);
    expect(holds('severity', { gt: 5.3 })).toBe(false);
  });

  it('compares timestamps as epoch milliseconds (ISO strings and wire epoch seconds)', () => {
    const ms = Date.parse('2026-01-10T12:00:00.000Z');
    expect(holds('updatedAt', { gte: ms })).toBe(true);
    expect(holds('updatedAt', { gt: ms })).toBe(false);
    expect(holds('updatedAt', { equals: [String(ms)] })).toBe(true);
    expect(holds('resource.eksClusterDetails.createdAt', { lte: 1700000000000 })).toBe(true);
  });

  it('compares booleans as the strings "true" / "false"', () => {
    expect(holds('service.archived', { equals: ['false'] })).toBe(true);
    expect(holds('service.archived', { equals: ['true'] })).toBe(false);
  });

  it('requires every criterion', () => {
    const get = (a: string) => valuesAt(finding, a);
    const criteria = parseFindingCriteria({ criterion: { severity: { gte: 4 }, 'service.featureName': { equals: ['EksAuditLogs'] } } });
    expect(matchesAll(criteria, get)).toBe(true);
    const more = parseFindingCriteria({ criterion: { severity: { gte: 4 }, 'service.featureName': { equals: ['RuntimeMonitoring'] } } });
    expect(matchesAll(more, get)).toBe(false);
  });

  it('sorts missing values last in both directions', () => {
    const keys = [sortKey('severity', [2]), sortKey('severity', []), sortKey('severity', [8])];
    expect([...keys].sort((a, b) => compareKeys(a, b, 'DESC'))).toEqual([8, 2, undefined]);
    expect([...keys].sort((a, b) => compareKeys(a, b, 'ASC'))).toEqual([2, 8, undefined]);
  });
});

describe('filter criteria (CreateFilter / UpdateFilter)', () => {
  it('accept matches / notMatches (0..5 patterns of 1..512 characters) only in the filter form', () => {
    const raw: JsonObject = { criterion: { type: { matches: ['Execution:*'] }, 'resource.eksClusterDetails.name': { notMatches: ['prod-*'] } } };
    expect(parseFindingCriteria(raw, true)).toEqual([
      { attribute: 'type', condition: { matches: ['Execution:*'] } },
      { attribute: 'resource.eksClusterDetails.name', condition: { notMatches: ['prod-*'] } },
    ]);
    expect(rejects(() => parseFindingCriteria(raw)).status).toBe(400);
    for (const bad of [['a', 'b', 'c', 'd', 'e', 'f'], [''], ['x'.repeat(513)], 'x']) {
      expect(rejects(() => parseFindingCriteria({ criterion: { type: { matches: bad } } } as JsonObject, true)).status).toBe(400);
    }
  });

  it('match whole values with * wildcards; other regex characters are literal', () => {
    expect(conditionHolds('type', { matches: ['Execution:*'] }, ['Execution:Kubernetes/ExecInKubeSystemPod'])).toBe(true);
    expect(conditionHolds('type', { matches: ['Kubernetes'] }, ['Execution:Kubernetes/ExecInKubeSystemPod'])).toBe(false);
    expect(conditionHolds('type', { matches: ['*Kubernetes*'] }, ['Execution:Kubernetes/ExecInKubeSystemPod'])).toBe(true);
    expect(conditionHolds('type', { matches: ['a.c'] }, ['abc'])).toBe(false);
    expect(conditionHolds('name', { notMatches: ['prod-*'] }, ['prod-eu'])).toBe(false);
    expect(conditionHolds('name', { notMatches: ['prod-*'] }, ['staging'])).toBe(true);
    expect(conditionHolds('name', { notMatches: ['prod-*'] }, [])).toBe(true);
  });
});
