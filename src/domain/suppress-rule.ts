import type { Condition, FindingCriteria } from '@aws-sdk/client-guardduty';
import { UsageError } from '../errors.js';
import type { Change } from './enable-plan.js';
import { buildFindingCriteria, parseListFlags, type FindingsFilter } from './findings-criteria.js';
import { expandFindingType } from './findings-types.js';
import { SEVERITY_FLOOR, SEVERITY_NAMES } from './severity.js';

/**
 * Suppression rules as gdeks writes them: GuardDuty filters (CreateFilter) whose criteria are built from the
 * same words as `findings list` (`--type`, `--cluster`, `--namespace`, `--severity`) plus the workload and actor
 * words EKS rules need. An ARCHIVE filter archives new matching findings before they reach EventBridge, S3 or
 * Security Hub (https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html); NOOP only saves a view.
 */

export type RuleAction = 'ARCHIVE' | 'NOOP';
export const RULE_ACTIONS: readonly RuleAction[] = ['ARCHIVE', 'NOOP'];

/** A filter as gdeks plans it (desired) or reads it back (GetFilter). */
export interface Rule {
  name: string;
  action: RuleAction;
  /** 1–100, the filter's position; undefined in a desired rule: keep the current one (or last, on create). */
  rank?: number;
  description?: string;
  criteria: FindingCriteria;
}

/** GuardDuty allows this many filters (saved views and suppression rules) per account and region (CreateFilter). */
export const MAX_FILTERS = 100;
export const MAX_RANK = 100;

// "Valid characters include period (.), underscore (_), dash (-), and alphanumeric characters", 3–64 (CreateFilter).
const NAME = /^[A-Za-z0-9._-]{3,64}$/;
// CreateFilter's Description: alphanumerics, - . : _ { } [ ] ( ) /, tab, vertical tab, newline, form feed, return, space.
const DESCRIPTION = /^[A-Za-z0-9\-.:_{}[\]()/\t\v\n\f\r ]*$/;
const MAX_DESCRIPTION = 512;
// Matches/NotMatches patterns: at most 512 characters each (CreateFilter, Condition).
const MAX_PATTERN = 512;

export function parseRuleName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(`rule name "${name}" is not a GuardDuty filter name: 3–64 letters, digits, '.', '_' or '-'`, [
      'e.g. scanner-daemonset or ci.runner_exec',
    ]);
  }
  return name;
}

export function parseRank(value: string | number, label = '--rank'): number {
  const n = typeof value === 'number' ? value : Number(value);
  if ((typeof value === 'string' && value.trim() === '') || !Number.isInteger(n) || n < 1 || n > MAX_RANK) {
    throw new UsageError(`${label}: ${JSON.stringify(value)} must be a whole number from 1 to ${MAX_RANK} (the filter's position; 1 is applied first)`);
  }
  return n;
}

export function parseAction(value: string, label = '--action'): RuleAction {
  const v = value.trim().toUpperCase();
  if ((RULE_ACTIONS as readonly string[]).includes(v)) return v as RuleAction;
  throw new UsageError(`${label}: "${value}" is not a filter action; use archive (a suppression rule, the default) or noop (a saved view only)`);
}

export function parseDescription(value: string, label = '--description'): string {
  if (value.length > MAX_DESCRIPTION) throw new UsageError(`${label}: ${value.length} characters; GuardDuty takes at most ${MAX_DESCRIPTION}`);
  const bad = [...value].find((c) => !DESCRIPTION.test(c));
  if (bad !== undefined) {
    const shown = /^[\x21-\x7e]$/.test(bad) ? `'${bad}'` : `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new UsageError(`${label}: GuardDuty does not accept ${shown} in a filter description`, [
      'allowed: letters, digits, spaces and - . : _ { } [ ] ( ) /',
    ]);
  }
  return value;
}

/** The criterion attribute behind each gdeks selector word. */
export const ATTRIBUTES = {
  resourceType: 'resource.resourceType',
  type: 'type',
  severity: 'severity',
  cluster: 'resource.eksClusterDetails.name',
  namespace: 'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace',
  image: 'resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image',
  user: 'resource.kubernetesDetails.kubernetesUserDetails.username',
  serviceAccount: 'resource.kubernetesDetails.kubernetesWorkloadDetails.serviceAccountName',
  pod: 'resource.kubernetesDetails.kubernetesWorkloadDetails.name',
  archived: 'service.archived',
  sample: 'service.additionalInfo.sample',
  updatedAt: 'updatedAt',
} as const;

/** Selectors only rules have: each an exact value, or a pattern with `*` (Matches, which only filters accept). */
const EXTRA_SELECTORS = [
  { key: 'image', flag: '--image', attribute: ATTRIBUTES.image, what: 'a container image, e.g. aquasec/trivy:0.50.1 or *trivy*' },
  { key: 'user', flag: '--user', attribute: ATTRIBUTES.user, what: 'a Kubernetes user name, e.g. system:serviceaccount:ci:runner' },
  { key: 'serviceAccount', flag: '--service-account', attribute: ATTRIBUTES.serviceAccount, what: "the workload's service account name" },
  { key: 'pod', flag: '--pod', attribute: ATTRIBUTES.pod, what: 'a workload (pod) name, or a prefix such as scanner-*' },
] as const;
type ExtraKey = (typeof EXTRA_SELECTORS)[number]['key'];

/** The words of a rule as flags (`suppress add`) or as the rules file's `match` object spells them. */
export interface RuleSelectorFlags {
  severity?: string;
  cluster?: string[];
  namespace?: string[];
  type?: string[];
  image?: string;
  user?: string;
  serviceAccount?: string;
  pod?: string;
}

export interface RuleSelectors {
  filter: FindingsFilter;
  extra: Partial<Record<ExtraKey, string>>;
  notes: string[];
}

function parseExtra(flag: string, what: string, value: string): string {
  const v = value.trim();
  if (v === '' || /^\*+$/.test(v)) throw new UsageError(`${flag}: give ${what}; "${value}" matches everything`);
  if (v.length > MAX_PATTERN) throw new UsageError(`${flag}: at most ${MAX_PATTERN} characters`);
  if (/[\u0000-\u001f]/.test(v)) throw new UsageError(`${flag}: control characters are not allowed`);
  return v;
}

/**
 * Validates the selector words and says which criteria they make. The `findings list` words go through its
 * own parser (src/domain/findings-criteria.ts), so a rule and a listing read `--type exec` the same way.
 * `words` names the flags (or file keys) in messages.
 */
export function parseRuleSelectors(flags: RuleSelectorFlags, words: Partial<Record<keyof RuleSelectorFlags, string>> = {}): RuleSelectors {
  let request;
  try {
    request = parseListFlags({ severity: flags.severity, cluster: flags.cluster, namespace: flags.namespace, type: flags.type, archived: true }, 0);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const m = /^--(severity|cluster|namespace|type):/.exec(e.message);
    const word = m ? words[m[1] as keyof RuleSelectorFlags] : undefined;
    throw word ? new UsageError(e.message.replace(/^--\w+:/, `${word}:`), e.details) : e;
  }
  const extra: RuleSelectors['extra'] = {};
  for (const s of EXTRA_SELECTORS) {
    const value = flags[s.key];
    if (value !== undefined) extra[s.key] = parseExtra(words[s.key] ?? s.flag, s.what, value);
  }
  const narrowing = request.filter.types.length + request.filter.clusters.length + request.filter.namespaces.length + Object.keys(extra).length;
  // --severity low is every finding: alone it would archive everything, like no criteria at all.
  if (narrowing === 0 && (request.filter.minSeverity?.floor ?? 1) <= SEVERITY_FLOOR.low) {
    throw new UsageError('a rule needs at least one criterion: without one it would archive every EKS finding', [
      'narrow it with --type, --cluster, --namespace, --image, --user, --service-account, --pod or --severity',
      'e.g. gdeks suppress add eicar-test --type Execution:Runtime/MaliciousFile --namespace security-tests',
    ]);
  }
  return { filter: request.filter, extra, notes: request.notes };
}

/** Equals for a plain value, Matches for one with a `*` wildcard (which only filters accept). */
function valueCondition(value: string): Condition {
  return value.includes('*') ? { Matches: [value] } : { Equals: [value] };
}

/**
 * The FindingCriteria of a rule: EKS findings only (`resource.resourceType` EKSCluster, as `findings list`),
 * and each selector. No `service.archived` criterion: new findings are never archived when a rule meets them.
 */
export function buildRuleCriteria(selectors: RuleSelectors): FindingCriteria {
  const criterion = { ...buildFindingCriteria({ ...selectors.filter, archived: true, since: undefined }).Criterion };
  for (const s of EXTRA_SELECTORS) {
    const value = selectors.extra[s.key];
    if (value !== undefined) criterion[s.attribute] = valueCondition(value);
  }
  return { Criterion: criterion };
}

// ---- criteria as gdeks' words ----------------------------------------------------------------------------

const DEPRECATED: Record<string, keyof Condition> = {
  Eq: 'Equals',
  Neq: 'NotEquals',
  Gt: 'GreaterThan',
  Gte: 'GreaterThanOrEqual',
  Lt: 'LessThan',
  Lte: 'LessThanOrEqual',
};
const LISTS = ['Equals', 'NotEquals', 'Matches', 'NotMatches'] as const;
const RANGES = ['GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'] as const;

/** One condition in its current operator names, lists sorted and de-duplicated: two spellings of a rule compare equal. */
export function canonicalCondition(c: Condition): Condition {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c)) {
    if (value === undefined || value === null) continue;
    const k = DEPRECATED[key] ?? key;
    if ((LISTS as readonly string[]).includes(k)) {
      const merged = new Set([...((out[k] as string[] | undefined) ?? []), ...(value as string[])]);
      if (merged.size > 0) out[k] = [...merged].sort();
    } else if ((RANGES as readonly string[]).includes(k)) {
      out[k] = Number(value);
    }
  }
  return out as Condition;
}

export function canonicalCriteria(criteria: FindingCriteria | undefined): Record<string, Condition> {
  const out: Record<string, Condition> = {};
  for (const key of Object.keys(criteria?.Criterion ?? {}).sort()) {
    const c = canonicalCondition(criteria?.Criterion?.[key] ?? {});
    if (Object.keys(c).length > 0) out[key] = c;
  }
  return out;
}

export function sameCriteria(a: FindingCriteria | undefined, b: FindingCriteria | undefined): boolean {
  return stableJson(canonicalCriteria(a)) === stableJson(canonicalCriteria(b));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const OPERATOR_TEXT: Record<string, string> = {
  Equals: '=',
  NotEquals: '≠',
  Matches: '~',
  NotMatches: '!~',
  GreaterThan: '>',
  GreaterThanOrEqual: '≥',
  LessThan: '<',
  LessThanOrEqual: '≤',
};

/** `= a, b`, `≥ 7`, `~ scanner-*`: a condition in one line. */
export function conditionText(c: Condition): string {
  const canonical = canonicalCondition(c) as Record<string, unknown>;
  return Object.entries(canonical)
    .map(([k, v]) => `${OPERATOR_TEXT[k] ?? k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' and ');
}

const FLAG_OF: Record<string, string> = {
  [ATTRIBUTES.cluster]: '--cluster',
  [ATTRIBUTES.namespace]: '--namespace',
  ...Object.fromEntries(EXTRA_SELECTORS.map((s) => [s.attribute, s.flag])),
};

/** What a criterion is called in messages and diffs: its gdeks flag where it has one, else the attribute. */
export function criterionLabel(attribute: string): string {
  if (attribute === ATTRIBUTES.type) return '--type';
  if (attribute === ATTRIBUTES.severity) return '--severity';
  return FLAG_OF[attribute] ?? attribute;
}

/** The shortest known-type prefix that expands to exactly these types, if any (`Execution:Kubernetes/` …). */
function typePrefix(types: readonly string[]): string | undefined {
  if (types.length === 0) return undefined;
  const wanted = [...types].sort().join('\n');
  let lcp = types[0] as string;
  for (const t of types) while (!t.startsWith(lcp)) lcp = lcp.slice(0, -1);
  // The shortest `:` or `/` boundary that names the same set reads as a family (`Execution:Kubernetes/`).
  const same = (p: string) => expandFindingType(p).types.slice().sort().join('\n') === wanted;
  for (const m of lcp.matchAll(/[:/]/g)) {
    const p = lcp.slice(0, (m.index ?? 0) + 1);
    if (same(p)) return p;
  }
  return lcp !== '' && same(lcp) ? lcp : undefined;
}

export interface CriteriaWords {
  /** Flags that select what the criteria select, e.g. `['--type', 'Execution:Kubernetes/', '--cluster', 'prod']`. */
  flags: string[];
  /** Criteria no gdeks flag expresses, as `attribute op values`. */
  raw: string[];
  /** The criteria are limited to EKS findings (`resource.resourceType` = EKSCluster), as gdeks' own rules are. */
  eksOnly: boolean;
}

/** The order flags are printed in: as `suppress add --help` lists them; anything else after, by name. */
const WORD_ORDER: readonly string[] = [
  ATTRIBUTES.type,
  ATTRIBUTES.cluster,
  ATTRIBUTES.namespace,
  ATTRIBUTES.severity,
  ...EXTRA_SELECTORS.map((s) => s.attribute),
];

/** A filter's criteria in gdeks' words (`suppress list`), the rest shown raw. */
export function criteriaWords(criteria: FindingCriteria | undefined): CriteriaWords {
  const out: CriteriaWords = { flags: [], raw: [], eksOnly: false };
  const rank = (a: string) => (WORD_ORDER.indexOf(a) + WORD_ORDER.length + 1) % (WORD_ORDER.length + 1);
  const entries = Object.entries(canonicalCriteria(criteria)).sort(([a], [b]) => rank(a) - rank(b));
  for (const [attribute, c] of entries) {
    const keys = Object.keys(c);
    const only = (k: keyof Condition) => keys.length === 1 && keys[0] === k;
    if (attribute === ATTRIBUTES.resourceType && only('Equals') && c.Equals?.length === 1 && c.Equals[0] === 'EKSCluster') {
      out.eksOnly = true;
      continue;
    }
    if (attribute === ATTRIBUTES.type && only('Equals')) {
      // One family reads as its prefix; anything else as each type (an exact type expands to itself).
      const prefix = typePrefix(c.Equals ?? []);
      for (const t of prefix !== undefined ? [prefix] : (c.Equals ?? [])) out.flags.push('--type', t);
      continue;
    }
    if (attribute === ATTRIBUTES.severity && only('GreaterThanOrEqual')) {
      const floor = c.GreaterThanOrEqual ?? 0;
      const band = SEVERITY_NAMES.find((s) => SEVERITY_FLOOR[s] === floor);
      if (Number.isInteger(floor) && floor >= 1 && floor <= 10) {
        out.flags.push('--severity', band ?? String(floor));
        continue;
      }
    }
    const flag = FLAG_OF[attribute];
    if ((flag === '--cluster' || flag === '--namespace') && only('Equals')) {
      for (const v of c.Equals ?? []) out.flags.push(flag, v);
      continue;
    }
    if (flag && flag !== '--cluster' && flag !== '--namespace' && ((only('Equals') && c.Equals?.length === 1) || (only('Matches') && c.Matches?.length === 1))) {
      out.flags.push(flag, (c.Equals ?? c.Matches ?? [])[0] as string);
      continue;
    }
    out.raw.push(`${attribute} ${conditionText(c)}`);
  }
  return out;
}

/** A condition as its flag's value where one expresses it (`Execution:Kubernetes/ (5 types)`), else `= a, b`. */
export function conditionWords(attribute: string, c: Condition): string {
  const words = criteriaWords({ Criterion: { [attribute]: c } });
  if (words.raw.length > 0 || words.flags.length === 0) return conditionText(c);
  const values = words.flags.filter((_, i) => i % 2 === 1);
  const count = attribute === ATTRIBUTES.type ? (c.Equals ?? c.Eq ?? []).length : 0;
  return `${values.join(', ')}${count > values.length ? ` (${count} types)` : ''}`;
}

// ---- plan ---------------------------------------------------------------------------------------------

export interface RulePlan {
  action: 'created' | 'updated' | 'unchanged';
  changes: Change[];
}

/**
 * What it takes to make the filter `current` (undefined: none of that name) into `desired`. Rank and
 * description count only when the desired rule names them. Criteria are compared as GuardDuty means them
 * (deprecated operators, list order), so a rule written by the console or Terraform is not rewritten for nothing.
 */
export function planRule(current: Rule | undefined, desired: Rule): RulePlan {
  const changes: Change[] = [];
  if (!current || current.action !== desired.action) changes.push({ target: 'action', from: current?.action ?? null, to: desired.action });
  if (desired.rank !== undefined && current?.rank !== desired.rank) changes.push({ target: 'rank', from: current?.rank === undefined ? null : String(current.rank), to: String(desired.rank) });
  if (desired.description !== undefined && (current?.description ?? '') !== desired.description) {
    changes.push({ target: 'description', from: current?.description ?? null, to: desired.description === '' ? '(none)' : desired.description });
  }
  changes.push(...diffCriteria(current?.criteria, desired.criteria));
  return { action: !current ? 'created' : changes.length > 0 ? 'updated' : 'unchanged', changes };
}

/** One change per criterion added, changed or removed; targets read `criteria --cluster`, `criteria type`. */
export function diffCriteria(current: FindingCriteria | undefined, desired: FindingCriteria): Change[] {
  const a = canonicalCriteria(current);
  const b = canonicalCriteria(desired);
  const changes: Change[] = [];
  for (const attribute of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const from = a[attribute];
    const to = b[attribute];
    if (from && to && stableJson(from) === stableJson(to)) continue;
    changes.push({
      target: `criteria ${criterionLabel(attribute)}`,
      from: from ? conditionWords(attribute, from) : null,
      to: to ? conditionWords(attribute, to) : '(removed)',
    });
  }
  return changes;
}
