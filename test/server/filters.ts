// Findings filters (saved filters and suppression rules): CreateFilter, GetFilter, UpdateFilter, DeleteFilter and
// ListFilters (paginated, 1..50). An ARCHIVE filter is a suppression rule: findings generated after it exists
// (CreateSampleFindings here) arrive archived; findings that already exist are left alone
// (ug/findings_suppression-rule.html). At most 100 filters per account and Region (CreateFilter doc). Only the
// administrator or a standalone account manages them: "a member account can't update this configuration"
// (ug/administrator_member_relationships.html). Filters belong to the detector: deleting it drops them.

import { matchesAll, parseFindingCriteria, type Criterion } from './criteria.js';
import { parseTags, type Detector } from './detector.js';
import { badRequest, INVALID_VALUE, NOT_OWNED } from './errors.js';
import type { TemplateRoute } from './extra-routes.js';
import type { FindingStore } from './findings.js';
import { paginate } from './paginate.js';
import type { RequestContext } from './routes.js';
import { checkInt, isObject, optEnum, optInt, optString, required, type Json, type JsonObject } from './validate.js';

export type FilterAction = 'NOOP' | 'ARCHIVE';
const ACTIONS: readonly FilterAction[] = ['NOOP', 'ARCHIVE'];

/** The quota of saved filters per account per Region (CreateFilter doc, ug/guardduty_limits.html). */
export const MAX_FILTERS = 100;

export interface Filter {
  name: string;
  description?: string;
  action: FilterAction;
  /** The wire findingCriteria as sent (GetFilter answers it back). */
  findingCriteria: JsonObject;
  criteria: Criterion[];
  tags: Record<string, string>;
  clientToken?: string;
}

/** In rank order: a filter's rank is its position, 1-based. */
const byDetector = new WeakMap<Detector, Filter[]>();

// "Valid characters include period (.), underscore (_), dash (-), and alphanumeric characters" (CreateFilter doc).
const NAME = /^[A-Za-z0-9._-]{3,64}$/;
// Alphanumerics, hyphen, period, colon, underscore, {}, [], (), forward slash, tab, vertical tab, newline,
// form feed, return and space (CreateFilter doc, Description).
const DESCRIPTION = /^[A-Za-z0-9\-.:_{}[\]()/\t\v\n\f\r ]*$/;

export const MEMBER_CANNOT_FILTER =
  'The request is rejected because the current account is a GuardDuty member account: only the administrator account can create or update filters.';
export const FILTER_LIMIT = `The request is rejected because the number of filters exceeds the limit of ${MAX_FILTERS} per account per Region.`;
export const FILTER_EXISTS = 'The request is rejected because a filter with the same name already exists for the current detector.';
export const FILTER_NOT_FOUND = 'The request is rejected because the input filterName does not exist for the current detector.';

function detectorOf(ctx: RequestContext): Detector {
  const d = ctx.region.detector;
  if (!d || d.id !== ctx.detectorId) throw badRequest(NOT_OWNED);
  return d;
}

/** The filters of a detector, rank order (mutable: tests may inspect it). */
export function filtersOf(d: Detector): Filter[] {
  let list = byDetector.get(d);
  if (!list) {
    list = [];
    byDetector.set(d, list);
  }
  return list;
}

/** Install the suppression hook on the detector's findings store: new findings an ARCHIVE filter matches are archived. */
function suppressWith(store: FindingStore, filters: readonly Filter[]): void {
  store.suppress = (plan) =>
    filters.some((f) => f.action === 'ARCHIVE' && matchesAll(f.criteria, (attribute) => store.values(plan, attribute)));
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw badRequest(`${INVALID_VALUE} (filter name must be 3..64 characters: letters, digits, '.', '_' and '-')`);
  }
}

function parseDescription(body: JsonObject): string | undefined {
  const description = optString(body, 'description', { min: 0, max: 512 });
  if (description !== undefined && !DESCRIPTION.test(description)) throw badRequest(`${INVALID_VALUE} (description has characters a filter description cannot have)`);
  return description;
}

/** findingCriteria for a filter: must name at least one criterion; `matches`/`notMatches` are allowed here. */
function parseCriteria(raw: Json | undefined): { wire: JsonObject; criteria: Criterion[] } {
  if (!isObject(raw)) throw badRequest(`The request is rejected because the required parameter 'findingCriteria' is missing.`);
  const criteria = parseFindingCriteria(raw, true);
  if (criteria.length === 0) throw badRequest(`${INVALID_VALUE} (findingCriteria must have at least one criterion)`);
  return { wire: raw, criteria };
}

/** Move a filter to 1-based `rank` (past the end: last). */
function place(list: Filter[], filter: Filter, rank: number | undefined): void {
  const at = list.indexOf(filter);
  if (at >= 0) list.splice(at, 1);
  const index = rank === undefined ? list.length : Math.min(rank - 1, list.length);
  list.splice(index, 0, filter);
}

function find(list: readonly Filter[], name: string | undefined): Filter {
  const f = list.find((x) => x.name === name);
  if (!f) throw badRequest(FILTER_NOT_FOUND);
  return f;
}

export const FILTER_ROUTES: readonly TemplateRoute[] = [
  {
    operation: 'CreateFilter',
    method: 'POST',
    uri: '/detector/{DetectorId}/filter',
    members: ['name', 'description', 'action', 'rank', 'findingCriteria', 'clientToken', 'tags'],
    handle(ctx) {
      const d = detectorOf(ctx);
      const b = ctx.body;
      const name = required(optString(b, 'name'), 'name');
      checkName(name);
      const description = parseDescription(b);
      const action = optEnum(b, 'action', ACTIONS) ?? 'NOOP';
      const rank = optInt(b, 'rank', 1, 100);
      const { wire, criteria } = parseCriteria(b.findingCriteria);
      const clientToken = optString(b, 'clientToken', { min: 0, max: 64 });
      const tags = parseTags(b.tags) ?? {};
      if (ctx.state.memberOf !== undefined) throw badRequest(MEMBER_CANNOT_FILTER);
      const list = filtersOf(d);
      // Same idempotency token, same filter: a retried create must not fail on its own first attempt.
      const retried = clientToken ? list.find((f) => f.clientToken === clientToken && f.name === name) : undefined;
      if (retried) return { name: retried.name };
      if (list.some((f) => f.name === name)) throw badRequest(FILTER_EXISTS);
      if (list.length >= MAX_FILTERS) throw badRequest(FILTER_LIMIT);
      const filter: Filter = { name, action, findingCriteria: wire, criteria, tags };
      if (description !== undefined) filter.description = description;
      if (clientToken) filter.clientToken = clientToken;
      place(list, filter, rank);
      suppressWith(ctx.region.findings(), list);
      return { name };
    },
  },
  {
    operation: 'ListFilters',
    method: 'GET',
    uri: '/detector/{DetectorId}/filter',
    members: [],
    handle(ctx) {
      const d = detectorOf(ctx);
      const raw = ctx.query.get('maxResults');
      const maxResults = raw === null ? 50 : checkInt(/^-?\d+$/.test(raw) ? Number(raw) : NaN, 'maxResults', 1, 50);
      const names = filtersOf(d).map((f) => f.name);
      const page = paginate(names, maxResults, ctx.query.get('nextToken') ?? undefined, `ListFilters/${ctx.region.name}`);
      const out: JsonObject = { filterNames: page.items };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'GetFilter',
    method: 'GET',
    uri: '/detector/{DetectorId}/filter/{FilterName}',
    members: [],
    handle(ctx, params) {
      const list = filtersOf(detectorOf(ctx));
      const f = find(list, params.FilterName);
      const out: JsonObject = { name: f.name, action: f.action, rank: list.indexOf(f) + 1, findingCriteria: f.findingCriteria };
      if (f.description !== undefined) out.description = f.description;
      if (Object.keys(f.tags).length > 0) out.tags = f.tags;
      return out;
    },
  },
  {
    operation: 'UpdateFilter',
    method: 'POST',
    uri: '/detector/{DetectorId}/filter/{FilterName}',
    members: ['description', 'action', 'rank', 'findingCriteria'],
    handle(ctx, params) {
      const list = filtersOf(detectorOf(ctx));
      const b = ctx.body;
      const description = parseDescription(b);
      const action = optEnum(b, 'action', ACTIONS);
      const rank = optInt(b, 'rank', 1, 100);
      const criteria = b.findingCriteria === undefined || b.findingCriteria === null ? undefined : parseCriteria(b.findingCriteria);
      if (ctx.state.memberOf !== undefined) throw badRequest(MEMBER_CANNOT_FILTER);
      const f = find(list, params.FilterName);
      if (description !== undefined) f.description = description;
      if (action !== undefined) f.action = action;
      if (criteria) {
        f.findingCriteria = criteria.wire;
        f.criteria = criteria.criteria;
      }
      if (rank !== undefined) place(list, f, rank);
      suppressWith(ctx.region.findings(), list);
      return { name: f.name };
    },
  },
  {
    operation: 'DeleteFilter',
    method: 'DELETE',
    uri: '/detector/{DetectorId}/filter/{FilterName}',
    members: [],
    handle(ctx, params) {
      const list = filtersOf(detectorOf(ctx));
      const f = find(list, params.FilterName);
      list.splice(list.indexOf(f), 1);
      return {};
    },
  },
];
