import { describe, expect, it } from 'vitest';
import {
  buildRuleCriteria,
  criteriaWords,
  diffCriteria,
  parseAction,
  parseDescription,
  parseRank,
  parseRuleName,
  parseRuleSelectors,
  planRule,
  sameCriteria,
  type Rule,
  type RuleSelectorFlags,
} from '../../src/domain/suppress-rule.js';
import { UsageError } from '../../src/errors.js';

const criteriaOf = (flags: RuleSelectorFlags) => buildRuleCriteria(parseRuleSelectors(flags));

/** The flags criteriaWords gives back, read as commander would hand them over. */
function flagsFrom(words: string[]): RuleSelectorFlags {
  const out: RuleSelectorFlags = {};
  for (let i = 0; i < words.length; i += 2) {
    const [flag, value] = [words[i] as string, words[i + 1] as string];
    const key = flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof RuleSelectorFlags;
    if (key === 'cluster' || key === 'namespace' || key === 'type') out[key] = [...(out[key] ?? []), value];
    else (out as Record<string, string>)[key] = value;
  }
  return out;
}

describe('suppression rule selectors → criteria', () => {
  it('reuses the findings-list words: --type prefix expanded, clusters, namespace, severity; EKS only; no archived criterion', () => {
    const c = criteriaOf({ type: ['Execution:Kubernetes/ExecInKube'], cluster: ['prod', 'prod'], namespace: ['kube-system'], severity: 'medium' });
    expect(c.Criterion).toEqual({
      'resource.resourceType': { Equals: ['EKSCluster'] },
      type: { Equals: ['Execution:Kubernetes/ExecInKubeSystemPod'] },
      'resource.eksClusterDetails.name': { Equals: ['prod'] },
      'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { Equals: ['kube-system'] },
      severity: { GreaterThanOrEqual: 4 },
    });
  });

  it('image, user, service account and pod: exact values Equals, values with * Matches (filters only)', () => {
    const c = criteriaOf({ image: 'aquasec/trivy:0.50.1', user: 'system:serviceaccount:ci:*', serviceAccount: 'scanner', pod: 'trivy-*' });
    expect(c.Criterion?.['resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image']).toEqual({ Equals: ['aquasec/trivy:0.50.1'] });
    expect(c.Criterion?.['resource.kubernetesDetails.kubernetesUserDetails.username']).toEqual({ Matches: ['system:serviceaccount:ci:*'] });
    expect(c.Criterion?.['resource.kubernetesDetails.kubernetesWorkloadDetails.serviceAccountName']).toEqual({ Equals: ['scanner'] });
    expect(c.Criterion?.['resource.kubernetesDetails.kubernetesWorkloadDetails.name']).toEqual({ Matches: ['trivy-*'] });
  });

  it('a rule with no criterion (or only --severity low, which is every finding) is a usage error', () => {
    expect(() => parseRuleSelectors({})).toThrow(UsageError);
    expect(() => parseRuleSelectors({ severity: 'low' })).toThrow(/at least one criterion/);
    expect(() => parseRuleSelectors({ pod: '*' })).toThrow(/matches everything/);
    expect(() => parseRuleSelectors({ severity: 'high' })).not.toThrow();
  });

  it('names, ranks, actions and descriptions as GuardDuty accepts them', () => {
    expect(parseRuleName('scanner.daemon_set-1')).toBe('scanner.daemon_set-1');
    for (const bad of ['ab', 'a'.repeat(65), 'has space', 'slash/no']) expect(() => parseRuleName(bad)).toThrow(UsageError);
    expect(parseRank('1')).toBe(1);
    expect(parseRank('100')).toBe(100);
    for (const bad of ['0', '101', '1.5', '', 'x']) expect(() => parseRank(bad)).toThrow(UsageError);
    expect(parseAction('noop')).toBe('NOOP');
    expect(parseAction('Archive')).toBe('ARCHIVE');
    expect(() => parseAction('suppress')).toThrow(UsageError);
    expect(parseDescription('trivy DaemonSet (security)')).toBe('trivy DaemonSet (security)');
    expect(() => parseDescription('it\'s "quoted"')).toThrow(/does not accept '''/);
    expect(() => parseDescription('x'.repeat(513))).toThrow(/at most 512/);
  });
});

describe('criteria → gdeks words', () => {
  const cases: RuleSelectorFlags[] = [
    { type: ['Execution:Kubernetes/'] },
    { type: ['PrivilegeEscalation'], cluster: ['a', 'b'] },
    { type: ['Execution:Kubernetes/ExecInKubeSystemPod'], namespace: ['kube-system'], severity: 'high' },
    { image: '*/trivy:*', user: 'system:serviceaccount:ci:runner', pod: 'scanner-*', serviceAccount: 'scanner' },
    { severity: '8' },
    { type: ['Execution:Kubernetes/ExecInKubeSystemPod', 'CryptoCurrency:Runtime/BitcoinTool.B'], namespace: ['a', 'b'] },
  ];
  for (const flags of cases) {
    it(`round trip: ${JSON.stringify(flags)}`, () => {
      const criteria = criteriaOf(flags);
      const words = criteriaWords(criteria);
      expect(words.raw).toEqual([]);
      expect(words.eksOnly).toBe(true);
      expect(sameCriteria(criteriaOf(flagsFrom(words.flags)), criteria)).toBe(true);
    });
  }

  it('a type family reads as its prefix', () => {
    expect(criteriaWords(criteriaOf({ type: ['execution:kubernetes'] })).flags).toEqual(['--type', 'Execution:Kubernetes/']);
  });

  it('what no flag says is shown raw, and a filter without the EKS criterion says so', () => {
    const w = criteriaWords({ Criterion: { 'service.action.actionType': { Equals: ['KUBERNETES_API_CALL'] }, severity: { Lt: 4 } } });
    expect(w.flags).toEqual([]);
    expect(w.raw).toEqual(['severity < 4', 'service.action.actionType = KUBERNETES_API_CALL']);
    expect(w.eksOnly).toBe(false);
  });
});

describe('rule plan and criteria diff', () => {
  const desired: Rule = { name: 'scanner', action: 'ARCHIVE', criteria: criteriaOf({ pod: 'trivy-*', cluster: ['prod'] }) };

  it('no filter of that name: created, every part listed', () => {
    const plan = planRule(undefined, { ...desired, rank: 3, description: 'trivy' });
    expect(plan.action).toBe('created');
    expect(plan.changes.map((c) => c.target)).toEqual(['action', 'rank', 'description', 'criteria --cluster', 'criteria --pod', 'criteria resource.resourceType']);
  });

  it('same criteria spelt another way (deprecated operators, list order): unchanged, no write', () => {
    const current: Rule = {
      name: 'scanner',
      action: 'ARCHIVE',
      rank: 4,
      criteria: {
        Criterion: {
          'resource.kubernetesDetails.kubernetesWorkloadDetails.name': { Matches: ['trivy-*'] },
          'resource.eksClusterDetails.name': { Eq: ['prod'] },
          'resource.resourceType': { Equals: ['EKSCluster', 'EKSCluster'] },
        },
      },
    };
    expect(planRule(current, desired)).toEqual({ action: 'unchanged', changes: [] });
  });

  it('different criteria: updated, each criterion that differs with from and to', () => {
    const current: Rule = { ...desired, criteria: criteriaOf({ pod: 'trivy-*', cluster: ['staging'], namespace: ['security'] }) };
    const plan = planRule(current, desired);
    expect(plan.action).toBe('updated');
    expect(plan.changes).toEqual([
      { target: 'criteria --cluster', from: 'staging', to: 'prod' },
      { target: 'criteria --namespace', from: 'security', to: '(removed)' },
    ]);
  });

  it('rank and description count only when given; action always', () => {
    const current: Rule = { ...desired, rank: 9, description: 'old' };
    expect(planRule(current, desired).action).toBe('unchanged');
    expect(planRule(current, { ...desired, rank: 2 }).changes).toEqual([{ target: 'rank', from: '9', to: '2' }]);
    expect(planRule(current, { ...desired, action: 'NOOP' }).changes).toEqual([{ target: 'action', from: 'ARCHIVE', to: 'NOOP' }]);
  });

  it('a --type change reads as the prefixes, not 50 type names', () => {
    const [change] = diffCriteria(criteriaOf({ type: ['Execution:Kubernetes/'] }), criteriaOf({ type: ['Execution:Kubernetes/ExecInKubeSystemPod'] }));
    expect(change).toEqual({ target: 'criteria --type', from: expect.stringMatching(/^Execution:Kubernetes\/ \(\d+ types\)$/), to: 'Execution:Kubernetes/ExecInKubeSystemPod' });
  });
});
