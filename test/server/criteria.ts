// FindingCriteria / SortCriteria: validation and evaluation, pure (no I/O, no state).
// Semantics: a criterion key is a dotted wire attribute path; lists along the path are flattened, and a
// condition holds when any value satisfies it (NotEquals: when no value equals any listed string, so a
// missing attribute passes). Timestamp attributes compare as epoch milliseconds.

import { FINDING_ATTRIBUTES, TIMESTAMP_ATTRIBUTES } from './attributes.js';
import { badRequest, INVALID_VALUE } from './errors.js';
import { isObject, type Json, type JsonObject } from './validate.js';

export interface Condition {
  equals?: string[];
  notEquals?: string[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  /** CreateFilter/UpdateFilter only: `*` wildcard patterns (any value matches one / no value matches any). */
  matches?: string[];
  notMatches?: string[];
}

export interface Criterion {
  attribute: string;
  condition: Condition;
}

export interface SortCriteria {
  attribute: string;
  order: 'ASC' | 'DESC';
}

const NEW_KEYS = ['equals', 'notEquals', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual'] as const;
const OLD_KEYS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const RANGE_OF: Record<string, keyof Condition> = {
  greaterThan: 'gt', gt: 'gt',
  greaterThanOrEqual: 'gte', gte: 'gte',
  lessThan: 'lt', lt: 'lt',
  lessThanOrEqual: 'lte', lte: 'lte',
};

export function isKnownAttribute(name: string): boolean {
  // The model lists many service.additionalInfo.* keys; additionalInfo is free JSON, so accept any of them.
  return FINDING_ATTRIBUTES.has(name) || /^service\.additionalInfo\.[A-Za-z0-9.]+$/.test(name);
}

/**
 * Validate the wire `findingCriteria` object; throws a 400 ApiError on anything the service would reject.
 * `forFilter`: the CreateFilter/UpdateFilter form, which also accepts `matches` and `notMatches`.
 */
export function parseFindingCriteria(raw: Json | undefined, forFilter = false): Criterion[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) throw badRequest(`${INVALID_VALUE} (findingCriteria must be an object)`);
  for (const key of Object.keys(raw)) {
    if (key !== 'criterion') throw badRequest(`The request is rejected because the parameter 'findingCriteria.${key}' is not recognized.`);
  }
  const criterion = raw.criterion;
  if (criterion === undefined || criterion === null) return [];
  if (!isObject(criterion)) throw badRequest(`${INVALID_VALUE} (findingCriteria.criterion must be a map)`);
  return Object.entries(criterion).map(([attribute, cond]) => {
    if (!isKnownAttribute(attribute)) {
      throw badRequest(`The request is rejected because the criterion attribute '${attribute}' is not supported.`);
    }
    return { attribute, condition: parseCondition(attribute, cond, forFilter) };
  });
}

function parseCondition(attribute: string, raw: Json, forFilter: boolean): Condition {
  if (!isObject(raw)) throw badRequest(`${INVALID_VALUE} (condition for ${attribute} must be an object)`);
  const keys = Object.keys(raw);
  for (const key of keys) {
    if (key === 'matches' || key === 'notMatches') {
      if (forFilter) continue;
      throw badRequest(`The request is rejected because '${key}' is available only for CreateFilter and UpdateFilter.`);
    }
    if (!(NEW_KEYS as readonly string[]).includes(key) && !(OLD_KEYS as readonly string[]).includes(key)) {
      throw badRequest(`The request is rejected because the condition key '${key}' for '${attribute}' is not recognized.`);
    }
  }
  const usesOld = keys.some((k) => (OLD_KEYS as readonly string[]).includes(k));
  const usesNew = keys.some((k) => (NEW_KEYS as readonly string[]).includes(k));
  if (usesOld && usesNew) {
    throw badRequest(`The request is rejected because the condition for '${attribute}' mixes deprecated (eq, gt, ...) and current (equals, greaterThan, ...) operators.`);
  }
  if (keys.length === 0) throw badRequest(`${INVALID_VALUE} (empty condition for ${attribute})`);

  const cond: Condition = {};
  for (const key of keys) {
    const value = raw[key];
    if (key === 'matches' || key === 'notMatches') {
      cond[key] = patternList(attribute, key, value);
    } else if (key === 'equals' || key === 'eq' || key === 'notEquals' || key === 'neq') {
      cond[key === 'equals' || key === 'eq' ? 'equals' : 'notEquals'] = stringList(attribute, key, value);
    } else {
      const target = RANGE_OF[key];
      if (target === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw badRequest(`${INVALID_VALUE} (${attribute}.${key} must be an integer)`);
      }
      (cond as Record<string, number>)[target] = value;
    }
  }
  return cond;
}

function stringList(attribute: string, key: string, value: Json | undefined): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50 || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`${INVALID_VALUE} (${attribute}.${key} must be a list of 1..50 strings)`);
  }
  return value as string[];
}

/** Matches / NotMatches: 0..5 patterns of 1..512 characters (model shapes Matches, Match). */
function patternList(attribute: string, key: string, value: Json | undefined): string[] {
  if (!Array.isArray(value) || value.length > 5 || !value.every((v) => typeof v === 'string' && v.length >= 1 && v.length <= 512)) {
    throw badRequest(`${INVALID_VALUE} (${attribute}.${key} must be a list of 0..5 strings of 1..512 characters)`);
  }
  return value as string[];
}

/** A `*` wildcard pattern against the whole value. */
function wildcard(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

export function parseSortCriteria(raw: Json | undefined): SortCriteria | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw badRequest(`${INVALID_VALUE} (sortCriteria must be an object)`);
  for (const key of Object.keys(raw)) {
    if (key !== 'attributeName' && key !== 'orderBy') {
      throw badRequest(`The request is rejected because the parameter 'sortCriteria.${key}' is not recognized.`);
    }
  }
  const attribute = raw.attributeName;
  if (typeof attribute !== 'string' || !isKnownAttribute(attribute)) throw badRequest(INVALID_VALUE);
  const order = raw.orderBy ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') throw badRequest(INVALID_VALUE);
  return { attribute, order };
}

/** Values at a dotted path of a wire finding, flattening lists. `service.additionalInfo.<key>` reads the JSON in additionalInfo.value. */
export function valuesAt(finding: JsonObject, attribute: string): Json[] {
  const parts = attribute.split('.');
  if (parts[0] === 'service' && parts[1] === 'additionalInfo' && parts[2] !== undefined && parts[2] !== 'value' && parts[2] !== 'type') {
    const info = (finding.service as JsonObject | undefined)?.additionalInfo;
    const raw = isObject(info) ? info.value : undefined;
    if (typeof raw !== 'string') return [];
    try {
      return walk([JSON.parse(raw) as Json], parts.slice(2));
    } catch {
      return [];
    }
  }
  return walk([finding], parts);
}

function walk(current: Json[], parts: string[]): Json[] {
  let values = current;
  for (const part of parts) {
    const next: Json[] = [];
    for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (!isObject(v)) continue;
      // Criterion names and wire names differ in case for a few members (hostIpc vs hostIPC).
      const key = part in v ? part : Object.keys(v).find((k) => k.toLowerCase() === part.toLowerCase());
      const child = key === undefined ? undefined : v[key];
      if (child !== undefined && child !== null) next.push(child);
    }
    values = next;
  }
  return values.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

/** Number for range comparison: timestamps → epoch ms (ISO strings, or wire epoch seconds), else numeric. */
export function comparable(attribute: string, value: Json): number | undefined {
  if (TIMESTAMP_ATTRIBUTES.has(attribute)) {
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return typeof value === 'number' ? Math.round(value * 1000) : undefined;
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

function equalsOne(attribute: string, value: Json, wanted: string): boolean {
  if (attribute === 'severity' && typeof value === 'number') {
    // The docs filter severity bands with whole numbers: High is ["7", "8"], so "7" matches 7.0–7.9.
    return Number(wanted) === value || wanted === String(Math.floor(value));
  }
  if (TIMESTAMP_ATTRIBUTES.has(attribute)) return comparable(attribute, value) === Number(wanted);
  return String(value) === wanted;
}

export function conditionHolds(attribute: string, condition: Condition, values: readonly Json[]): boolean {
  const { equals, notEquals, gt, gte, lt, lte, matches, notMatches } = condition;
  if (equals && !values.some((v) => equals.some((e) => equalsOne(attribute, v, e)))) return false;
  if (notEquals && values.some((v) => notEquals.some((e) => equalsOne(attribute, v, e)))) return false;
  if (matches && matches.length > 0 && !values.some((v) => matches.some((p) => wildcard(p, String(v))))) return false;
  if (notMatches && values.some((v) => notMatches.some((p) => wildcard(p, String(v))))) return false;
  if (gt === undefined && gte === undefined && lt === undefined && lte === undefined) return true;
  return values.some((v) => {
    const n = comparable(attribute, v);
    if (n === undefined) return false;
    return (gt === undefined || n > gt) && (gte === undefined || n >= gte) && (lt === undefined || n < lt) && (lte === undefined || n <= lte);
  });
}

/** True when every criterion holds; `get` supplies the values of an attribute for one finding. */
export function matchesAll(criteria: readonly Criterion[], get: (attribute: string) => readonly Json[]): boolean {
  return criteria.every((c) => conditionHolds(c.attribute, c.condition, get(c.attribute)));
}

/** Sort key for one finding: first value, numeric where possible. Missing values sort last in either order. */
export function sortKey(attribute: string, values: readonly Json[]): number | string | undefined {
  const first = values[0];
  if (first === undefined || first === null) return undefined;
  return comparable(attribute, first) ?? String(first);
}

export function compareKeys(a: number | string | undefined, b: number | string | undefined, order: 'ASC' | 'DESC'): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return order === 'ASC' ? c : -c;
}
