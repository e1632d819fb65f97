// The EKS clusters a region pretends to have: they appear in findings (eksClusterDetails) and in ListCoverage.
// Tests pass their own list through ServerOptions.clusters.

import { hashString, Rng } from './prng.js';
import type { JsonObject } from './validate.js';

export const ACCOUNT_ID = '123456789012';

export type CoverageStatus = 'HEALTHY' | 'UNHEALTHY';
export type ManagementType = 'AUTO_MANAGED' | 'MANUAL' | 'DISABLED';

export interface CoverageSpec {
  coverageStatus?: CoverageStatus;
  /** Why the cluster is UNHEALTHY (free text on the real service). */
  issue?: string;
  managementType?: ManagementType;
  /** Omit both to model "add-on not installed" (no addonDetails in the response). */
  addonVersion?: string;
  addonStatus?: string;
  coveredNodes?: number;
  compatibleNodes?: number;
}

export interface ClusterSpec {
  name: string;
  tags?: Record<string, string>;
  namespaces?: string[];
  /** `false`: the cluster has no coverage entry at all (e.g. EKS on Fargate, which runtime monitoring does not cover). */
  coverage?: CoverageSpec | false;
}

export const DEFAULT_CLUSTERS: readonly ClusterSpec[] = [
  {
    name: 'prod-eu',
    tags: { env: 'prod', team: 'platform' },
    namespaces: ['web', 'checkout', 'monitoring', 'default', 'kube-system'],
    coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 },
  },
  {
    name: 'payments',
    tags: { env: 'prod', team: 'payments', 'cost-center': 'cc-4410' },
    namespaces: ['payments', 'ledger', 'default', 'kube-system'],
    coverage: {
      coverageStatus: 'UNHEALTHY',
      issue: 'No Agent Reporting',
      managementType: 'MANUAL',
      addonVersion: 'v1.6.1-eksbuild.1',
      addonStatus: 'DEGRADED',
      coveredNodes: 2,
      compatibleNodes: 4,
    },
  },
  {
    name: 'staging',
    tags: { env: 'staging', GuardDutyManaged: 'false' },
    namespaces: ['web', 'checkout', 'default', 'kube-system'],
    coverage: { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', managementType: 'DISABLED', coveredNodes: 0, compatibleNodes: 3 },
  },
  {
    name: 'ml-batch',
    tags: { env: 'prod', team: 'ml' },
    namespaces: ['training', 'inference', 'default', 'kube-system'],
    coverage: { coverageStatus: 'HEALTHY', managementType: 'MANUAL', addonVersion: 'v1.8.1-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 12, compatibleNodes: 12 },
  },
];

/** Stable per-region cluster facts (vpc, creation time) derived from the name, independent of the data seed. */
export interface ClusterInfo {
  spec: ClusterSpec;
  name: string;
  arn: string;
  vpcId: string;
  createdAtMs: number;
  namespaces: string[];
  tags: Array<{ key: string; value: string }>;
}

export function clusterInfo(spec: ClusterSpec, region: string, baseTime: number): ClusterInfo {
  const rng = new Rng(hashString(`${region}/${spec.name}`));
  return {
    spec,
    name: spec.name,
    arn: `arn:aws:eks:${region}:${ACCOUNT_ID}:cluster/${spec.name}`,
    vpcId: `vpc-0${rng.hex(16)}`,
    createdAtMs: Math.floor((baseTime - rng.int(120, 900) * 86_400_000) / 1000) * 1000,
    namespaces: spec.namespaces ?? ['default', 'kube-system', 'apps'],
    tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** One ListCoverage entry (wire shape of CoverageResource), or undefined when the cluster is not covered. */
export function coverageResource(info: ClusterInfo, detectorId: string, updatedAtMs: number): JsonObject | undefined {
  const cov = info.spec.coverage;
  if (cov === false) return undefined;
  const spec = cov ?? { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE' };
  const eks: JsonObject = {
    clusterName: info.name,
    coveredNodes: spec.coveredNodes ?? 3,
    compatibleNodes: spec.compatibleNodes ?? 3,
    managementType: spec.managementType ?? 'AUTO_MANAGED',
  };
  if (spec.addonVersion !== undefined || spec.addonStatus !== undefined) {
    const addon: JsonObject = {};
    if (spec.addonVersion !== undefined) addon.addonVersion = spec.addonVersion;
    if (spec.addonStatus !== undefined) addon.addonStatus = spec.addonStatus;
    eks.addonDetails = addon;
  }
  const out: JsonObject = {
    resourceId: info.name,
    detectorId,
    accountId: ACCOUNT_ID,
    resourceDetails: { resourceType: 'EKS', eksClusterDetails: eks },
    coverageStatus: spec.coverageStatus ?? 'HEALTHY',
    updatedAt: updatedAtMs / 1000, // timestamps are epoch seconds on the rest-json wire
  };
  if (spec.issue !== undefined) out.issue = spec.issue;
  return out;
}
