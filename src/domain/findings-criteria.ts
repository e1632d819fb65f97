import type { FindingCriteria, SortCriteria } from '@aws-sdk/client-guardduty';
import { UsageError } from '../errors.js';
import { parseSince } from './duration.js';
import { expandFindingType, looksLikeFindingType } from './findings-types.js';
import { parseSeverity, type SeverityThreshold } from './severity.js';

/** `gdeks findings list` options as commander hands them over (see src/program.ts). */
export interface ListFlags {
  severity?: string;
  cluster?: string[];
  namespace?: string[];
  type?: string[];
  since?: string;
  limit?: string;
  sort?: string;
  archived?: boolean;
  excludeSamples?: boolean;
  failOn?: string;
}

export const SORT_KEYS = ['severity', 'updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What to select, validated; everything here becomes part of the FindingCriteria. */
export interface FindingsFilter {
  minSeverity?: SeverityThreshold;
  clusters: string[];
  /** Any of these namespaces (none: every namespace). */
  namespaces: string[];
  /** Exact finding types (each `--type` prefix already expanded). */
  types: string[];
  /** updatedAt lower bound, epoch milliseconds. */
  since?: number;
  /** Include archived findings too. */
  archived: boolean;
  /** Leave out the findings CreateSampleFindings made (`findings sample`). */
  excludeSamples?: boolean;
}

export interface ListRequest {
  filter: FindingsFilter;
  sort: SortKey;
  limit?: number;
  failOn?: SeverityThreshold;
  /** Things the user should know about how the flags were read (stderr). */
  notes: string[];
}

/**
 * Sample findings say so in `service.additionalInfo.sample` (true), which criteria can select
 * (https://docs.aws.amazon.com/guardduty/latest/ug/sample_findings.html). NotEquals keeps every finding without it.
 */
export const SAMPLE_ATTRIBUTE = 'service.additionalInfo.sample';

/** ListFindings' Equals takes at most 50 values (GuardDuty API reference, `Condition`). */
export const MAX_EQUALS_VALUES = 50;

// EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, - and _.
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
// Kubernetes namespaces are RFC 1123 labels.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A --cluster value: an EKS cluster name, or a usage error (exit 2) before any AWS call. */
export function parseClusterName(name: string): string {
  if (!CLUSTER_NAME.test(name)) {
    throw new UsageError(`--cluster: "${name}" is not an EKS cluster name (1–100 letters, digits, - or _, starting with a letter or digit)`);
  }
  return name;
}

/** Validates every list flag before any AWS call; each bad value is a UsageError naming what is accepted. */
export function parseListFlags(flags: ListFlags, now: number): ListRequest {
  const notes: string[] = [];
  const filter: FindingsFilter = { clusters: [], namespaces: [], types: [], archived: flags.archived === true };
  if (flags.excludeSamples) filter.excludeSamples = true;
  if (flags.severity !== undefined) filter.minSeverity = parseSeverity(flags.severity, '--severity');
  for (const name of flags.cluster ?? []) {
    parseClusterName(name);
    if (!filter.clusters.includes(name)) filter.clusters.push(name);
  }
  if (filter.clusters.length > MAX_EQUALS_VALUES) {
    throw new UsageError(`--cluster: at most ${MAX_EQUALS_VALUES} clusters per listing (GuardDuty's limit); got ${filter.clusters.length}`);
  }
  for (const ns of flags.namespace ?? []) {
    if (!NAMESPACE.test(ns)) {
      throw new UsageError(`--namespace: "${ns}" is not a Kubernetes namespace (lower-case letters, digits and -, at most 63)`);
    }
    if (!filter.namespaces.includes(ns)) filter.namespaces.push(ns);
  }
  if (filter.namespaces.length > MAX_EQUALS_VALUES) {
    throw new UsageError(`--namespace: at most ${MAX_EQUALS_VALUES} namespaces per listing (GuardDuty's limit); got ${filter.namespaces.length}`);
  }
  // Each --type adds its types: a finding of any of them is listed.
  for (const given of flags.type ?? []) {
    if (given.trim() === '') throw new UsageError('--type: empty; give a finding type or the start of one, e.g. PrivilegeEscalation:Kubernetes');
    const { types, known } = expandFindingType(given);
    if (!known) {
      if (!looksLikeFindingType(given.trim())) {
        throw new UsageError(`--type: "${given}" is neither a finding type nor the start of a known EKS finding type`, [
          'Give a full type (Execution:Kubernetes/ExecInKubeSystemPod) or a prefix of one:',
          'CredentialAccess, DefenseEvasion, Discovery, Execution, Impact, Persistence, Policy, PrivilegeEscalation,',
          'CryptoCurrency, Backdoor, Trojan, UnauthorizedAccess, AttackSequence (optionally with :Kubernetes or :Runtime),',
          'or the short form the table shows (PrivEsc, CredAccess, AttackSeq, ...).',
        ]);
      }
      notes.push(`--type ${given.trim()} is not a finding type gdeks knows; filtering on exactly that type`);
    }
    for (const t of types) if (!filter.types.includes(t)) filter.types.push(t);
  }
  if (filter.types.length > MAX_EQUALS_VALUES) {
    const what = (flags.type ?? []).length === 1 ? `"${flags.type?.[0]}" matches` : `the --type values match`;
    throw new UsageError(`--type: ${what} ${filter.types.length} finding types, more than GuardDuty filters at once (${MAX_EQUALS_VALUES}); give a longer prefix`);
  }
  if (flags.since !== undefined) filter.since = parseSince(flags.since, now);
  const request: ListRequest = { filter, sort: parseSort(flags.sort), notes };
  if (flags.limit !== undefined) request.limit = parseLimit(flags.limit);
  if (flags.failOn !== undefined) request.failOn = parseSeverity(flags.failOn, '--fail-on');
  return request;
}

function parseSort(value: string | undefined): SortKey {
  if (value === undefined) return 'severity';
  const key = value.trim().toLowerCase();
  if ((SORT_KEYS as readonly string[]).includes(key)) return key as SortKey;
  throw new UsageError(`--sort: "${value}" is not a sort key; use one of ${SORT_KEYS.join(', ')}`);
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit: "${value}" must be a whole number of at least 1`);
  return n;
}

/**
 * The GuardDuty FindingCriteria for a filter. Always: EKS findings only (`resource.resourceType` EKSCluster,
 * which both audit-log and runtime findings on EKS carry) and, unless archived ones are wanted, unarchived only.
 */
export function buildFindingCriteria(filter: FindingsFilter): FindingCriteria {
  const criterion: NonNullable<FindingCriteria['Criterion']> = {
    'resource.resourceType': { Equals: ['EKSCluster'] },
  };
  // The API takes the archived flag as a string ("true"/"false"), not a boolean.
  if (!filter.archived) criterion['service.archived'] = { Equals: ['false'] };
  if (filter.minSeverity !== undefined) criterion.severity = { GreaterThanOrEqual: filter.minSeverity.floor };
  if (filter.clusters.length > 0) criterion['resource.eksClusterDetails.name'] = { Equals: [...filter.clusters] };
  if (filter.namespaces.length > 0) {
    criterion['resource.kubernetesDetails.kubernetesWorkloadDetails.namespace'] = { Equals: [...filter.namespaces] };
  }
  if (filter.types.length > 0) criterion.type = { Equals: [...filter.types] };
  if (filter.excludeSamples) criterion[SAMPLE_ATTRIBUTE] = { NotEquals: ['true'] };
  // Epoch milliseconds, not seconds: GuardDuty's timestamps in criteria are Unix epoch ms.
  if (filter.since !== undefined) criterion.updatedAt = { GreaterThanOrEqual: filter.since };
  return { Criterion: criterion };
}

/** ListFindings sorts on one attribute; the secondary order (newest, or most severe) is applied where output is buffered. */
export function buildSortCriteria(sort: SortKey): SortCriteria {
  return { AttributeName: sort === 'severity' ? 'severity' : 'updatedAt', OrderBy: 'DESC' };
}
