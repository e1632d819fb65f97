import type { ReportedFeature } from './features.js';

/**
 * The data `gdeks status` works with. Pure types and small pure helpers: the AWS adapters (src/aws/eks.ts,
 * src/aws/coverage.ts) produce these shapes, src/domain/status-verdict.ts judges them, src/output renders them.
 */

/** The detector features that protect EKS clusters; every other name GetDetector returns is ignored. */
export const EKS_FEATURES = ['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] as const;
export const RUNTIME_FEATURES = ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] as const;
export const ADDON_NAME = 'aws-guardduty-agent';

/** One EKS-relevant feature. `status` is null when the detector does not report the feature at all. */
export interface FeatureState {
  name: string;
  status: string | null;
  /** This feature's EKS_ADDON_MANAGEMENT status; null when the feature does not carry it. */
  eksAddonManagement: string | null;
}

export interface DetectorState {
  id: string;
  status: string | null;
  findingPublishingFrequency: string | null;
  /** EKS_AUDIT_LOGS, RUNTIME_MONITORING, EKS_RUNTIME_MONITORING, always in this order. */
  features: FeatureState[];
}

/** Picks the EKS features out of whatever GetDetector returned; unknown names are ignored, never fatal. */
export function eksFeatures(raw: readonly ReportedFeature[] | undefined): FeatureState[] {
  return EKS_FEATURES.map((name) => {
    const f = raw?.find((x) => x.Name === name);
    const addon = f?.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT');
    return { name, status: f?.Status ?? null, eksAddonManagement: addon?.Status ?? null };
  });
}

/** The first few names of a list, and how many more: one short line in a CI log, however many there are. */
export function someNames(names: readonly string[], shown = 3): string {
  const more = names.length - shown;
  return [...names.slice(0, shown), ...(more > 0 ? [`+${more} more`] : [])].join(', ');
}

/** GuardDuty's coverage of one EKS cluster (ListCoverage, resource type EKS), flattened. */
export interface CoverageEntry {
  clusterName: string;
  accountId: string | null;
  coverageStatus: string;
  issue: string | null;
  addonVersion: string | null;
  addonStatus: string | null;
  managementType: string | null;
  coveredNodes: number | null;
  compatibleNodes: number | null;
}

/** The cluster's `aws-guardduty-agent` add-on as EKS (DescribeAddon) reports it. */
export type EksAddon =
  | { state: 'installed'; status: string | null; version: string | null; issues: string[] }
  | { state: 'absent' }
  | { state: 'unknown'; reason: string };

/** What DescribeCluster tells about a cluster; read only for clusters whose verdict depends on it. */
export interface ClusterDetails {
  arn: string | null;
  status: string | null;
  /** The `GuardDutyManaged` tag's value, or null when the cluster has no such tag. */
  guardDutyManagedTag: string | null;
  /** EKS Auto Mode: EC2 nodes that GuardDuty runtime monitoring supports. */
  autoMode: boolean;
}

/** Everything read about one cluster; `undefined` means "not read" (not needed), a string why it could not be. */
export interface ClusterFacts {
  name: string;
  addon: EksAddon;
  details?: ClusterDetails | { unknown: string };
  /** Fargate profiles and no managed node group. */
  fargateOnly?: boolean | { unknown: string };
}

export type Verdict = 'protected' | 'degraded' | 'not-protected' | 'excluded' | 'not-applicable' | 'unknown';

/** One cluster's row in the report (and in `status -o json`). */
export interface ClusterStatus extends Omit<CoverageEntry, 'clusterName' | 'accountId' | 'coverageStatus'> {
  name: string;
  verdict: Verdict;
  /** Plain words: why this verdict. */
  reason: string;
  /** A command that fixes it, when there is one; for a degraded cluster, what to check (`check ...: command`). */
  fix: string | null;
  /** HEALTHY / UNHEALTHY as GuardDuty reports it, NOT_COVERED when GuardDuty lists no coverage, null when not read. */
  coverageStatus: string | null;
  eksAddon: EksAddon;
  guardDutyManagedTag: string | null;
  fargateOnly: boolean | null;
}

/** A part of the region that could not be read (the rest is still reported). */
export interface ReadProblem {
  code: string;
  /** The IAM action (service:Operation) whose call failed. */
  action: string;
  message: string;
  /** How many clusters the failure affected, for per-cluster calls. */
  clusters?: number;
}

export interface RegionSummary {
  clusters: number;
  protected: number;
  degraded: number;
  notProtected: number;
  excluded: number;
  notApplicable: number;
  unknown: number;
  /** EKS_AUDIT_LOGS ENABLED on an enabled detector; null when GuardDuty could not be read. */
  auditLogs: boolean | null;
  /** RUNTIME_MONITORING or EKS_RUNTIME_MONITORING ENABLED on an enabled detector; null when unknown. */
  runtimeMonitoring: boolean | null;
  /** EKS_ADDON_MANAGEMENT ENABLED on an enabled runtime feature; null when unknown. */
  eksAddonManagement: boolean | null;
}

export interface RegionStatus {
  region: string;
  /** null: the region has no detector, or (with `error` set) the detector could not be read. */
  detector: DetectorState | null;
  clusters: ClusterStatus[];
  summary: RegionSummary;
  /** Region-level observations (both runtime features on, member account, ...). */
  notes: string[];
  problems: ReadProblem[];
  /** Set when GuardDuty's detector could not be read (clusters EKS listed are still reported), or nothing could. */
  error?: { code: string; message: string };
}
