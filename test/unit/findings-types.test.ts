import { describe, expect, it } from 'vitest';
import { EKS_FINDING_TYPES, expandFindingType, looksLikeFindingType, RETIRED_EKS_TYPES } from '../../src/domain/findings-types.js';

describe('EKS finding types', () => {
  it('lists the audit-log, runtime and attack-sequence types once each, and no retired one', () => {
    expect(new Set(EKS_FINDING_TYPES).size).toBe(EKS_FINDING_TYPES.length);
    expect(EKS_FINDING_TYPES).toContain('PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer');
    expect(EKS_FINDING_TYPES).toContain('Execution:Runtime/ReverseShell');
    expect(EKS_FINDING_TYPES).toContain('AttackSequence:EKS/CompromisedCluster');
    for (const retired of RETIRED_EKS_TYPES) expect(EKS_FINDING_TYPES).not.toContain(retired);
    // More than one CreateSampleFindings call's worth: sample must batch.
    expect(EKS_FINDING_TYPES.length).toBeGreaterThan(50);
  });

  it('every listed type is well-formed and at most 100 characters', () => {
    for (const t of EKS_FINDING_TYPES) expect(looksLikeFindingType(t), t).toBe(true);
  });

  it('expands a prefix; an exact type stays exact; an unknown value passes through flagged', () => {
    expect(expandFindingType('Discovery:Kubernetes').types).toHaveLength(5);
    expect(expandFindingType('Impact').types).toEqual([
      'Impact:Kubernetes/MaliciousIPCaller',
      'Impact:Kubernetes/MaliciousIPCaller.Custom',
      'Impact:Kubernetes/SuccessfulAnonymousAccess',
      'Impact:Kubernetes/TorIPCaller',
      'Impact:Runtime/AbusedDomainRequest.Reputation',
      'Impact:Runtime/BitcoinDomainRequest.Reputation',
      'Impact:Runtime/MaliciousDomainRequest.Reputation',
      'Impact:Runtime/SuspiciousDomainRequest.Reputation',
      'Impact:Runtime/CryptoMinerExecuted',
    ]);
    expect(expandFindingType('Discovery:Kubernetes/MaliciousIPCaller')).toEqual({ types: ['Discovery:Kubernetes/MaliciousIPCaller'], known: true });
    expect(expandFindingType('Recon:EC2/PortProbeUnprotectedPort')).toEqual({ types: ['Recon:EC2/PortProbeUnprotectedPort'], known: false });
  });

  it('accepts the short purposes the table shows: --type PrivEsc is --type PrivilegeEscalation', () => {
    expect(expandFindingType('PrivEsc')).toEqual(expandFindingType('PrivilegeEscalation'));
    expect(expandFindingType('privesc:kubernetes')).toEqual(expandFindingType('PrivilegeEscalation:Kubernetes'));
    expect(expandFindingType('AttackSeq').types).toEqual(['AttackSequence:EKS/CompromisedCluster']);
    expect(expandFindingType('PrivEsc:…/PrivilegedContainer').types).toContain('PrivilegeEscalation:Kubernetes/PrivilegedContainer');
    expect(expandFindingType('PrivEsc:…RoleBindingCreated').types).toEqual(['PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleBindingCreated']);
  });

  it('retired types are still found by a prefix (their findings may be up to 90 days old)', () => {
    expect(expandFindingType('Persistence:Kubernetes/Container').types).toEqual(['Persistence:Kubernetes/ContainerWithSensitiveMount']);
  });
});
