import type { Finding } from '@aws-sdk/client-guardduty';
import { isSampleFinding } from '../domain/findings-sample.js';
import { scoreOf, severityName } from '../domain/severity.js';
import { sanitizeDeep } from '../text/sanitize.js';
import { subjectOf } from './findings-table.js';
import { code, type Cell, type MarkdownCell } from './records.js';

/**
 * `findings list -o csv`: one row per finding, these columns (documented in the README; add at the end, never
 * rename). Times are as GuardDuty sends them (ISO 8601); `score` is GuardDuty's severity, empty when missing
 * (`severity` then reads critical, as the table sorts it).
 */
export const FINDING_CSV_COLUMNS = [
  'region',
  'severity',
  'score',
  'type',
  'title',
  'cluster',
  'namespace',
  'workload_type',
  'workload',
  'user',
  'count',
  'first_seen',
  'last_seen',
  'updated_at',
  'account_id',
  'id',
  'sample',
  'archived',
] as const;

/** One finding's CSV row, every text cell sanitized (this writer streams outside the emitter). */
export function findingCsvRow(region: string, f: Finding): Cell[] {
  const k8s = f.Resource?.KubernetesDetails;
  const workload = k8s?.KubernetesWorkloadDetails;
  return sanitizeDeep([
    region,
    severityName(scoreOf(f.Severity)),
    typeof f.Severity === 'number' ? f.Severity : null,
    f.Type ?? null,
    f.Title ?? null,
    f.Resource?.EksClusterDetails?.Name ?? null,
    workload?.Namespace ?? f.Service?.Action?.KubernetesApiCallAction?.Namespace ?? null,
    workload?.Type ?? null,
    workload?.Name ?? null,
    k8s?.KubernetesUserDetails?.Username ?? null,
    typeof f.Service?.Count === 'number' ? f.Service.Count : null,
    f.Service?.EventFirstSeen ?? null,
    f.Service?.EventLastSeen ?? null,
    f.UpdatedAt ?? null,
    f.AccountId ?? null,
    f.Id ?? null,
    isSampleFinding(f),
    f.Service?.Archived === true,
  ]);
}

/** `findings list -o markdown`: the table's columns, with REGION first when there are several regions. */
export function findingMarkdownColumns(regions: number): string[] {
  return [...(regions > 1 ? ['Region'] : []), 'Severity', 'Type', 'Cluster', 'Workload/user', 'Count', 'Last seen', 'Finding ID'];
}

/** One finding's markdown row: text from AWS as inline code (src/output/markdown.ts), sanitized here. */
export function findingMarkdownRow(region: string, f: Finding, regions: number): MarkdownCell[] {
  const marks = [f.Service?.Archived === true ? '[archived]' : '', isSampleFinding(f) ? '[sample]' : ''].filter(Boolean).join(' ');
  const cells = sanitizeDeep({
    region,
    type: f.Type ?? '-',
    cluster: f.Resource?.EksClusterDetails?.Name ?? null,
    who: subjectOf(f),
    lastSeen: f.Service?.EventLastSeen ?? f.UpdatedAt ?? null,
    id: f.Id ?? null,
  });
  // The marks are gdeks' words, outside the code span, so no finding type can fake one.
  const type = code(cells.type);
  return [
    ...(regions > 1 ? [cells.region] : []),
    severityName(scoreOf(f.Severity)).toUpperCase(),
    marks && type !== null && typeof type === 'object' ? { ...type, before: marks } : type,
    code(cells.cluster),
    code(cells.who === '-' ? null : cells.who),
    typeof f.Service?.Count === 'number' ? f.Service.Count : 1,
    code(cells.lastSeen),
    code(cells.id),
  ];
}
