import { describe, expect, it } from 'vitest';
import { buildFindingCriteria, buildSortCriteria, parseListFlags, type ListFlags } from '../../src/domain/findings-criteria.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const base = { 'resource.resourceType': { Equals: ['EKSCluster'] }, 'service.archived': { Equals: ['false'] } };
const criteriaFor = (flags: ListFlags) => buildFindingCriteria(parseListFlags(flags, NOW).filter);

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('findings list flags → FindingCriteria', () => {
  it('no flags: EKS findings that are not archived', () => {
    expect(criteriaFor({})).toEqual({ Criterion: base });
  });

  it('--archived drops the archived criterion (both archived and active findings)', () => {
    expect(criteriaFor({ archived: true })).toEqual({ Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } });
  });

  it.each([
    ['low', 1],
    ['medium', 4],
    ['high', 7],
    ['critical', 9],
    ['HIGH', 7],
    ['7', 7],
    ['5', 5],
  ])('--severity %s → severity >= %d', (level, floor) => {
    expect(criteriaFor({ severity: level })).toEqual({ Criterion: { ...base, severity: { GreaterThanOrEqual: floor } } });
  });

  it('--cluster (repeatable, repeats dropped) → eksClusterDetails.name Equals', () => {
    expect(criteriaFor({ cluster: ['prod', 'staging', 'prod'] })).toEqual({
      Criterion: { ...base, 'resource.eksClusterDetails.name': { Equals: ['prod', 'staging'] } },
    });
  });

  it('--namespace → the workload namespace', () => {
    expect(criteriaFor({ namespace: ['kube-system'] })).toEqual({
      Criterion: { ...base, 'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { Equals: ['kube-system'] } },
    });
  });

  it('--type prefix expands to the known types it starts', () => {
    expect(criteriaFor({ type: ['PrivilegeEscalation:Kubernetes'] })).toEqual({
      Criterion: {
        ...base,
        type: {
          Equals: [
            'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleBindingCreated',
            'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleCreated',
            'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
            'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
          ],
        },
      },
    });
  });

  it('--type that is an exact known type selects only that type', () => {
    expect(criteriaFor({ type: ['Impact:Kubernetes/MaliciousIPCaller'] }).Criterion?.type).toEqual({ Equals: ['Impact:Kubernetes/MaliciousIPCaller'] });
  });

  it('--type is case-insensitive and yields the real spelling', () => {
    expect(criteriaFor({ type: ['execution:kubernetes/execinkubesystempod'] }).Criterion?.type).toEqual({
      Equals: ['Execution:Kubernetes/ExecInKubeSystemPod'],
    });
  });

  it('--type with an unknown but well-formed type passes it through exactly, with a note', () => {
    const r = parseListFlags({ type: ['Execution:Kubernetes/SomethingNew'] }, NOW);
    expect(buildFindingCriteria(r.filter).Criterion?.type).toEqual({ Equals: ['Execution:Kubernetes/SomethingNew'] });
    expect(r.notes.join('\n')).toMatch(/not a finding type gdeks knows/);
  });

  it('--since duration → updatedAt >= now - duration, in epoch milliseconds', () => {
    expect(criteriaFor({ since: '24h' })).toEqual({ Criterion: { ...base, updatedAt: { GreaterThanOrEqual: NOW - 86_400_000 } } });
    expect(criteriaFor({ since: '30m' }).Criterion?.updatedAt).toEqual({ GreaterThanOrEqual: NOW - 1_800_000 });
  });

  it('--since ISO date → that UTC midnight in milliseconds', () => {
    expect(criteriaFor({ since: '2026-11-01' }).Criterion?.updatedAt).toEqual({ GreaterThanOrEqual: 1_793_491_200_000 });
  });

  it('all flags together', () => {
    expect(criteriaFor({ severity: 'medium', cluster: ['prod'], namespace: ['web'], type: ['Policy:Kubernetes/ExposedDashboard'], since: '7d', archived: true })).toEqual({
      Criterion: {
        'resource.resourceType': { Equals: ['EKSCluster'] },
        severity: { GreaterThanOrEqual: 4 },
        'resource.eksClusterDetails.name': { Equals: ['prod'] },
        'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { Equals: ['web'] },
        type: { Equals: ['Policy:Kubernetes/ExposedDashboard'] },
        updatedAt: { GreaterThanOrEqual: NOW - 7 * 86_400_000 },
      },
    });
  });

  it('--sort: severity DESC by default, updatedAt DESC for updated', () => {
    expect(buildSortCriteria(parseListFlags({}, NOW).sort)).toEqual({ AttributeName: 'severity', OrderBy: 'DESC' });
    expect(buildSortCriteria(parseListFlags({ sort: 'updated' }, NOW).sort)).toEqual({ AttributeName: 'updatedAt', OrderBy: 'DESC' });
  });

  it('--limit and --fail-on are parsed', () => {
    const r = parseListFlags({ limit: '25', failOn: 'critical' }, NOW);
    expect(r.limit).toBe(25);
    expect(r.failOn).toEqual({ floor: 9, label: 'critical' });
    expect(parseListFlags({ failOn: '8' }, NOW).failOn).toEqual({ floor: 8, label: '8' });
  });
});

describe('bad flag values are usage errors naming what is accepted', () => {
  it.each<[ListFlags, RegExp]>([
    [{ severity: 'urgent' }, /--severity: "urgent".*low, medium, high, critical/],
    [{ failOn: 'severe' }, /--fail-on: "severe".*low, medium, high, critical or a score from 1 to 10/],
    [{ failOn: '11' }, /--fail-on: 11 is out of range/],
    [{ severity: '0' }, /--severity: 0 is out of range/],
    [{ severity: '6.5' }, /--severity: 6\.5 is not a whole score/],
    [{ sort: 'age' }, /--sort: "age".*severity, updated/],
    [{ limit: '0' }, /--limit: "0" must be a whole number of at least 1/],
    [{ limit: '2.5' }, /--limit/],
    [{ limit: 'ten' }, /--limit/],
    [{ since: 'yesterday' }, /--since: "yesterday".*duration \(30m, 24h, 7d, 2w\).*ISO date/],
    [{ since: '2026-02-30' }, /not a valid date/],
    [{ since: '2099-01-01' }, /in the future/],
    [{ cluster: ['bad name'] }, /--cluster: "bad name" is not an EKS cluster name/],
    [{ namespace: ['Kube_System'] }, /--namespace: "Kube_System"/],
    [{ type: ['Foo'] }, /--type: "Foo" is neither a finding type nor the start/],
  ])('%j', (flags, message) => {
    const e = usageError(() => parseListFlags(flags, NOW));
    expect(e.message).toMatch(message);
    expect(e.exitCode).toBe(2);
  });

  it('more than 50 clusters is refused (GuardDuty Equals limit)', () => {
    const many = Array.from({ length: 51 }, (_, i) => `c${i}`);
    expect(usageError(() => parseListFlags({ cluster: many }, NOW)).message).toMatch(/at most 50 clusters/);
  });

  it('an empty --type (an unset shell variable) is refused rather than matching every type', () => {
    expect(usageError(() => parseListFlags({ type: [' '] }, NOW)).message).toMatch(/--type: empty/);
  });
});

describe('--exclude-samples', () => {
  it('keeps every finding without the sample flag (NotEquals "true")', () => {
    expect(criteriaFor({ excludeSamples: true }).Criterion?.['service.additionalInfo.sample']).toEqual({ NotEquals: ['true'] });
    expect(criteriaFor({}).Criterion?.['service.additionalInfo.sample']).toBeUndefined();
  });
});
