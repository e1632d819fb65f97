import type { Condition, Finding, FindingCriteria } from '@aws-sdk/client-guardduty';
import { emptyCounts, type SeverityCounts } from './findings-summary.js';
import { isSampleFinding } from './findings-sample.js';
import { severityName } from './severity.js';
import { ATTRIBUTES, canonicalCondition } from './suppress-rule.js';

/**
 * The blast radius of a rule: what it would have hidden. GuardDuty keeps findings for 90 days
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings.html), so the window is the last 90 days
 * of `updatedAt`, archived findings included: a finding someone archived by hand (or another rule hid) was
 * still raised, and the question is what this rule would have kept from the pipeline. `active` says how many
 * of them are unarchived now (what `--archive-existing` archives).
 */
export const BLAST_DAYS = 90;
const DAY_MS = 86_400_000;

export interface BlastRadius {
  total: number;
  bySeverity: SeverityCounts;
  /** Finding types, most frequent first. */
  types: Array<{ type: string; count: number }>;
  /** EKS clusters the matching findings came from, sorted. */
  clusters: string[];
  /** Of `total`, the findings not archived today. */
  active: number;
  /** Of `total`, sample findings (`findings sample`): a rule that hides them also hides the alerting tests. */
  samples: number;
  /** Of the HIGH and CRITICAL ones, samples: said in the warning, so a sample is never taken for an attack. */
  severeSamples: number;
  /** How it was counted: GuardDuty's statistics (a few calls), or by listing every match. */
  method: 'statistics' | 'listing';
}

/** The JSON `matches` object of a result. */
export function blastJson(b: BlastRadius): object {
  return { total: b.total, active: b.active, bySeverity: b.bySeverity, clusters: b.clusters, types: Object.fromEntries(b.types.map((t) => [t.type, t.count])) };
}

/**
 * Rule criteria split into what ListFindings and GetFindingsStatistics accept and the wildcard conditions
 * (Matches, NotMatches) that only CreateFilter and UpdateFilter do: those are checked here, on each finding.
 */
export interface SplitCriteria {
  server: FindingCriteria;
  local: Array<{ attribute: string; matches?: string[]; notMatches?: string[] }>;
  /** The criteria and the added conditions exclude each other: nothing can match (no call needed). */
  impossible?: boolean;
}

export function splitCriteria(criteria: FindingCriteria, extra: Record<string, Condition> = {}): SplitCriteria {
  const server: Record<string, Condition> = {};
  const local: SplitCriteria['local'] = [];
  const own = criteria.Criterion ?? {};
  const merged: Record<string, Condition> = { ...own };
  let impossible = false;
  for (const [attribute, c] of Object.entries(extra)) {
    const both = both_(own[attribute], c);
    merged[attribute] = both.condition;
    impossible ||= both.impossible;
  }
  for (const [attribute, c] of Object.entries(merged)) {
    const { Matches, NotMatches, ...rest } = c;
    if (Object.values(rest).some((v) => v !== undefined)) server[attribute] = rest;
    const m = Matches && Matches.length > 0 ? Matches : undefined;
    const n = NotMatches && NotMatches.length > 0 ? NotMatches : undefined;
    if (m || n) local.push({ attribute, ...(m ? { matches: m } : {}), ...(n ? { notMatches: n } : {}) });
  }
  return { server: { Criterion: server }, local, ...(impossible ? { impossible: true } : {}) };
}

/**
 * Both conditions at once (a filter's own, and the window or "active only" added to count it): equal-to lists
 * intersect, bounds take the narrower. A filter that selects archived findings matches no active one: impossible.
 */
function both_(own: Condition | undefined, added: Condition): { condition: Condition; impossible: boolean } {
  if (!own) return { condition: added, impossible: false };
  const a = canonicalCondition(own);
  const b = canonicalCondition(added);
  const out: Condition = { ...a, ...b };
  let impossible = false;
  if (a.Equals && b.Equals) {
    out.Equals = a.Equals.filter((v) => b.Equals?.includes(v));
    impossible = out.Equals.length === 0;
  }
  if (a.NotEquals && b.NotEquals) out.NotEquals = [...new Set([...a.NotEquals, ...b.NotEquals])];
  for (const k of ['GreaterThan', 'GreaterThanOrEqual'] as const) if (a[k] !== undefined && b[k] !== undefined) out[k] = Math.max(a[k], b[k]);
  for (const k of ['LessThan', 'LessThanOrEqual'] as const) if (a[k] !== undefined && b[k] !== undefined) out[k] = Math.min(a[k], b[k]);
  return { condition: out, impossible };
}

/** The window criteria: updated in the last 90 days (epoch milliseconds), archived or not. */
export function windowCriteria(now: number): Record<string, Condition> {
  return { [ATTRIBUTES.updatedAt]: { GreaterThanOrEqual: now - BLAST_DAYS * DAY_MS } };
}

/** Unarchived findings only (the API takes the flag as a string). */
export const ACTIVE: Record<string, Condition> = { [ATTRIBUTES.archived]: { Equals: ['false'] } };

/** Sample findings only. */
export const SAMPLES: Record<string, Condition> = { [ATTRIBUTES.sample]: { Equals: ['true'] } };

/**
 * The values at a criterion attribute path in an SDK finding (`resource.kubernetesDetails…` →
 * `Resource.KubernetesDetails…`), lists flattened; names compare without case (`hostIpc` is `HostIPC`).
 */
export function valuesAt(finding: Finding, attribute: string): string[] {
  let values: unknown[] = [finding];
  for (const part of attribute.split('.')) {
    const next: unknown[] = [];
    for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (!v || typeof v !== 'object') continue;
      const key = Object.keys(v).find((k) => k.toLowerCase() === part.toLowerCase());
      const child = key === undefined ? undefined : (v as Record<string, unknown>)[key];
      if (child !== undefined && child !== null) next.push(child);
    }
    values = next;
  }
  return values.flatMap((x) => (Array.isArray(x) ? x : [x])).map(String);
}

/** GuardDuty's filter wildcards: `*` stands for any run of characters, and the pattern covers the whole value. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

export function matchesLocally(finding: Finding, local: SplitCriteria['local']): boolean {
  return local.every(({ attribute, matches, notMatches }) => {
    const values = valuesAt(finding, attribute);
    if (matches && !values.some((v) => matches.some((p) => wildcardMatch(p, v)))) return false;
    if (notMatches && values.some((v) => notMatches.some((p) => wildcardMatch(p, v)))) return false;
    return true;
  });
}

export function emptyRadius(): BlastRadius {
  return { total: 0, bySeverity: emptyCounts(), types: [], clusters: [], active: 0, samples: 0, severeSamples: 0, method: 'statistics' };
}

/** Counting by listing: feed each matching finding in. */
export class BlastCounter {
  private readonly types = new Map<string, number>();
  private readonly clusters = new Set<string>();
  private readonly severity = emptyCounts();
  private total = 0;
  private active = 0;
  private samples = 0;
  private severeSamples = 0;

  add(f: Finding): void {
    this.total++;
    if (!f.Service?.Archived) this.active++;
    const band = severityName(f.Severity ?? 0);
    this.severity[band]++;
    if (isSampleFinding(f)) {
      this.samples++;
      if (band === 'high' || band === 'critical') this.severeSamples++;
    }
    const type = f.Type ?? 'unknown';
    this.types.set(type, (this.types.get(type) ?? 0) + 1);
    const cluster = f.Resource?.EksClusterDetails?.Name;
    if (cluster) this.clusters.add(cluster);
  }

  result(): BlastRadius {
    return {
      total: this.total,
      bySeverity: { ...this.severity },
      types: sortTypes(this.types),
      clusters: [...this.clusters].sort(),
      active: this.active,
      samples: this.samples,
      severeSamples: this.severeSamples,
      method: 'listing',
    };
  }
}

export interface StatisticsGroups {
  /** Groups by severity value (GetFindingsStatistics GroupBy SEVERITY), all and unarchived only. */
  severity: ReadonlyArray<{ key: string; count: number }>;
  activeSeverity: ReadonlyArray<{ key: string; count: number }>;
  /** The same, sample findings only. */
  sampleSeverity: ReadonlyArray<{ key: string; count: number }>;
  types: ReadonlyArray<{ key: string; count: number }>;
  /** GroupBy RESOURCE: for EKS findings the key is the cluster name. */
  resources: ReadonlyArray<{ key: string; count: number }>;
}

/** Counting with GetFindingsStatistics: exact as long as no grouping was cut at its page size (checked by the caller). */
export function radiusFromStatistics(g: StatisticsGroups): BlastRadius {
  const bySeverity = emptyCounts();
  let total = 0;
  for (const s of g.severity) {
    bySeverity[severityName(Number(s.key))] += s.count;
    total += s.count;
  }
  const types = new Map<string, number>();
  for (const t of g.types) types.set(t.key, (types.get(t.key) ?? 0) + t.count);
  return {
    total,
    bySeverity,
    types: sortTypes(types),
    clusters: g.resources.filter((r) => r.count > 0 && r.key !== '').map((r) => r.key).sort(),
    active: g.activeSeverity.reduce((n, s) => n + s.count, 0),
    samples: g.sampleSeverity.reduce((n, s) => n + s.count, 0),
    severeSamples: g.sampleSeverity.filter((s) => ['high', 'critical'].includes(severityName(Number(s.key)))).reduce((n, s) => n + s.count, 0),
    method: 'statistics',
  };
}

function sortTypes(types: Map<string, number>): Array<{ type: string; count: number }> {
  return [...types].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** Loud warnings: a rule that hides HIGH or CRITICAL findings, or findings from more than one cluster. */
export function blastWarnings(b: BlastRadius): string[] {
  const warnings: string[] = [];
  const severe = b.bySeverity.high + b.bySeverity.critical;
  if (severe > 0) {
    const parts = [b.bySeverity.critical ? `${b.bySeverity.critical} CRITICAL` : '', b.bySeverity.high ? `${b.bySeverity.high} HIGH` : ''].filter(Boolean).join(' and ');
    const samples = b.severeSamples === 0 ? '' : b.severeSamples === severe ? ` (${severe === 1 ? 'a sample' : 'all samples'})` : ` (${b.severeSamples} of them samples)`;
    warnings.push(`this rule would have hidden ${parts} finding${severe === 1 ? '' : 's'} in the last ${BLAST_DAYS} days${samples}`);
  }
  if (b.clusters.length > 1) {
    const shown = b.clusters.length > 5 ? `${b.clusters.slice(0, 5).join(', ')} and ${b.clusters.length - 5} more` : b.clusters.join(', ');
    warnings.push(`this rule matches findings from ${b.clusters.length} clusters (${shown}); narrow it with --cluster if it is meant for one`);
  }
  return warnings;
}
