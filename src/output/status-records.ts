import type { FeatureState, RegionStatus } from '../domain/status-model.js';
import { healthy, type OrgRegionStatus } from '../domain/org-status.js';
import { code, type Cell, type MarkdownTable, type RecordTable } from './records.js';

/**
 * `status -o csv` and `-o markdown`: one row per EKS cluster (the README lists the columns; add at the end, never
 * rename). The view reaches these functions sanitized (src/output/emit.ts).
 */
export const STATUS_CSV_COLUMNS = [
  'region',
  'cluster',
  'verdict',
  'reason',
  'fix',
  'coverage_status',
  'issue',
  'covered_nodes',
  'compatible_nodes',
  'agent_version',
  'agent_status',
  'management_type',
  'eks_addon',
  'eks_addon_status',
  'eks_addon_version',
  'guardduty_managed_tag',
  'fargate_only',
] as const;

export function statusCsv(reports: readonly RegionStatus[]): RecordTable {
  return {
    columns: STATUS_CSV_COLUMNS,
    rows: reports.flatMap((r) =>
      r.clusters.map((c): Cell[] => [
        r.region,
        c.name,
        c.verdict,
        c.reason,
        c.fix,
        c.coverageStatus,
        c.issue,
        c.coveredNodes,
        c.compatibleNodes,
        c.addonVersion,
        c.addonStatus,
        c.managementType,
        c.eksAddon.state,
        c.eksAddon.state === 'installed' ? c.eksAddon.status : null,
        c.eksAddon.state === 'installed' ? c.eksAddon.version : null,
        c.guardDutyManagedTag,
        c.fargateOnly,
      ]),
    ),
  };
}

const featureStatus = (features: readonly FeatureState[] | null | undefined, name: string): string | null =>
  features?.find((f) => f.name === name)?.status ?? null;

/** The detector's EKS features, as the status table heads each region: EKS_AUDIT_LOGS, RUNTIME_MONITORING, ... */
const FEATURES = ['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] as const;

/** `status -o markdown`: a table of the regions' detectors, then one of the clusters. */
export function statusMarkdown(reports: readonly RegionStatus[]): MarkdownTable[] {
  const detectors: MarkdownTable = {
    columns: ['Region', 'Detector', ...FEATURES, 'Clusters', 'Protected'],
    rows: reports.map((r) => [
      r.region,
      r.error ? 'could not be read' : r.detector ? (r.detector.status ?? 'not reported') : 'none',
      ...FEATURES.map((name) => (r.detector ? (featureStatus(r.detector.features, name) ?? 'not reported') : null)),
      r.summary.clusters,
      r.summary.protected,
    ]),
  };
  const clusters: MarkdownTable = {
    columns: ['Region', 'Cluster', 'Verdict', 'Why', 'Fix'],
    rows: reports.flatMap((r) => r.clusters.map((c) => [r.region, code(c.name), c.verdict, code(c.reason), code(c.fix)])),
  };
  return [detectors, clusters];
}

/** `status --organization -o csv`: one row per member account listed (with --verdict, those only). */
export const ORG_STATUS_CSV_COLUMNS = [
  'region',
  'account_id',
  'relationship_status',
  'detector_id',
  'verdict',
  'reason',
  'eks_audit_logs',
  'runtime_monitoring',
  'eks_runtime_monitoring',
  'clusters',
  'healthy_clusters',
] as const;


export function orgStatusCsv(reports: readonly OrgRegionStatus[]): RecordTable {
  return {
    columns: ORG_STATUS_CSV_COLUMNS,
    rows: reports.flatMap((r) =>
      r.members.map((m): Cell[] => [
        r.region,
        m.accountId,
        m.relationshipStatus,
        m.detectorId,
        m.verdict,
        m.reason,
        ...FEATURES.map((name) => featureStatus(m.features, name)),
        m.clusters === null ? null : m.clusters.length,
        m.clusters === null ? null : m.clusters.filter(healthy).length,
      ]),
    ),
  };
}

/** `status --organization -o markdown`: one table of the member accounts listed. */
export function orgStatusMarkdown(reports: readonly OrgRegionStatus[]): MarkdownTable {
  return {
    columns: ['Region', 'Account', 'Relationship', 'Verdict', 'Why', 'Clusters'],
    rows: reports.flatMap((r) =>
      r.members.map((m) => [r.region, code(m.accountId), code(m.relationshipStatus), m.verdict, code(m.reason), m.clusters === null ? null : m.clusters.length]),
    ),
  };
}
