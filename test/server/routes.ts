// The route table: URI and method per the botocore model (guardduty 2017-11-28), the body members each
// operation models (wire names; anything else is a 400), and the handler.

import { EKS_KINDS, SEQUENCE_KIND, kindFor } from './catalog.js';
import { filterCoverage, parseCoverageFilter, parseCoverageSort, sortCoverage } from './coverage.js';
import { parseFindingCriteria, parseSortCriteria } from './criteria.js';
import { applyFeatures, detectorToWire, FREQUENCIES, parseDataSources, parseFeatures, parseTags, type Detector, type FeatureRequest, type Frequency } from './detector.js';
import { badRequest, DETECTOR_EXISTS, INVALID_VALUE, NOT_OWNED } from './errors.js';
import { matchExtraRoute } from './extra-routes.js';
import { memberCoverage } from './org.js';
import { paginate } from './paginate.js';
import type { RegionState, ServerState } from './state.js';
import { statistics } from './statistics.js';
import {
  checkInt, optBool, optEnum, optInt, optList, optString, optStringList, required, type JsonObject,
} from './validate.js';

export interface RequestContext {
  state: ServerState;
  region: RegionState;
  detectorId: string | undefined;
  query: URLSearchParams;
  body: JsonObject;
}

export interface Route {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after /detector/{id}, or null for the collection routes. */
  suffix: string | null;
  members: readonly string[];
  handle(ctx: RequestContext): JsonObject;
}

const MEMBER_ONLY = (what: string): string =>
  `The request is rejected because the current account is a GuardDuty member account: only the administrator account can ${what}.`;

function detectorOf(ctx: RequestContext): Detector {
  const d = ctx.region.detector;
  if (!d || d.id !== ctx.detectorId) throw badRequest(NOT_OWNED);
  return d;
}

function featuresFromBody(body: JsonObject): FeatureRequest[] | undefined {
  const features = parseFeatures(body.features);
  const dataSources = parseDataSources(body.dataSources);
  if (features && dataSources) {
    throw badRequest('The request is rejected because it specifies both dataSources and features; use features only.');
  }
  return features ?? dataSources;
}

const FINDING_TYPE = /^[A-Za-z0-9]+:[A-Za-z0-9]+\/[A-Za-z0-9.!&_-]+$/;

/**
 * ListCoverage's filtered, sorted listing, kept while the region's own coverage and the members' list are
 * unchanged: built anew for every page it made each page of an organization of 50,000 members cost O(N), and
 * the server's CPU (on the same cores as the client it serves) grew with the square of the members.
 */
const coverageListings = new WeakMap<readonly JsonObject[], Map<string, { own: string; resources: JsonObject[] }>>();

function listedCoverage(own: JsonObject[], members: readonly JsonObject[], scope: string, list: (all: JsonObject[]) => JsonObject[]): JsonObject[] {
  if (members.length === 0) return list(own);
  let byScope = coverageListings.get(members);
  if (!byScope) coverageListings.set(members, (byScope = new Map()));
  const ownNow = JSON.stringify(own);
  const known = byScope.get(scope);
  if (known && known.own === ownNow) return known.resources;
  const resources = list([...own, ...members]);
  byScope.set(scope, { own: ownNow, resources });
  return resources;
}

export const ROUTES: readonly Route[] = [
  {
    operation: 'ListDetectors',
    method: 'GET',
    suffix: null,
    members: [],
    handle(ctx) {
      const raw = ctx.query.get('maxResults');
      const maxResults = raw === null ? 50 : checkInt(/^-?\d+$/.test(raw) ? Number(raw) : NaN, 'maxResults', 1, 50);
      const ids = ctx.region.detector ? [ctx.region.detector.id] : [];
      const page = paginate(ids, maxResults, ctx.query.get('nextToken') ?? undefined, `ListDetectors/${ctx.region.name}`);
      const out: JsonObject = { detectorIds: page.items };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'CreateDetector',
    method: 'POST',
    suffix: null,
    members: ['enable', 'clientToken', 'findingPublishingFrequency', 'dataSources', 'tags', 'features'],
    handle(ctx) {
      const b = ctx.body;
      const enable = required(optBool(b, 'enable'), 'enable');
      const clientToken = optString(b, 'clientToken', { min: 0, max: 64 });
      const frequency = optEnum<Frequency>(b, 'findingPublishingFrequency', FREQUENCIES);
      const tags = parseTags(b.tags);
      const features = featuresFromBody(b) ?? [];
      const existing = ctx.region.detector;
      if (existing) {
        // Same idempotency token → same answer; anything else is the well-known "already exists".
        if (clientToken !== undefined && clientToken === existing.clientToken) return { detectorId: existing.id };
        throw badRequest(DETECTOR_EXISTS);
      }
      const opts: Parameters<RegionState['createDetector']>[2] = { enable };
      if (frequency) opts.frequency = frequency;
      if (tags) opts.tags = tags;
      if (clientToken !== undefined) opts.clientToken = clientToken;
      const d = ctx.region.createDetector(ctx.state.now(), features, opts);
      return { detectorId: d.id };
    },
  },
  { operation: 'GetDetector', method: 'GET', suffix: '', members: [], handle: (ctx) => detectorToWire(detectorOf(ctx)) },
  {
    operation: 'UpdateDetector',
    method: 'POST',
    suffix: '',
    members: ['enable', 'findingPublishingFrequency', 'dataSources', 'features'],
    handle(ctx) {
      const d = detectorOf(ctx);
      const b = ctx.body;
      const enable = optBool(b, 'enable');
      const frequency = optEnum<Frequency>(b, 'findingPublishingFrequency', FREQUENCIES);
      const features = featuresFromBody(b);
      if (ctx.state.memberOf !== undefined && (frequency !== undefined || features !== undefined)) {
        throw badRequest(MEMBER_ONLY('change the detector features and the finding publishing frequency'));
      }
      const now = ctx.state.now();
      if (enable !== undefined) d.status = enable ? 'ENABLED' : 'DISABLED';
      if (frequency !== undefined) d.frequency = frequency;
      if (features) applyFeatures(d, features, now);
      if (enable !== undefined || frequency !== undefined || features !== undefined) d.updatedAt = now;
      return {};
    },
  },
  {
    operation: 'DeleteDetector',
    method: 'DELETE',
    suffix: '',
    members: [],
    handle(ctx) {
      detectorOf(ctx);
      ctx.region.deleteDetector();
      return {};
    },
  },
  {
    operation: 'GetAdministratorAccount',
    method: 'GET',
    suffix: '/administrator',
    members: [],
    handle(ctx): JsonObject {
      const d = detectorOf(ctx);
      return ctx.state.memberOf === undefined ? {} : { administrator: administrator(ctx.state.memberOf, d) };
    },
  },
  {
    operation: 'GetMasterAccount',
    method: 'GET',
    suffix: '/master',
    members: [],
    handle(ctx): JsonObject {
      const d = detectorOf(ctx);
      return ctx.state.memberOf === undefined ? {} : { master: administrator(ctx.state.memberOf, d) };
    },
  },
  {
    operation: 'ListFindings',
    method: 'POST',
    suffix: '/findings',
    members: ['findingCriteria', 'sortCriteria', 'maxResults', 'nextToken'],
    handle(ctx) {
      detectorOf(ctx);
      const criteria = parseFindingCriteria(ctx.body.findingCriteria);
      const sort = parseSortCriteria(ctx.body.sortCriteria);
      const maxResults = optInt(ctx.body, 'maxResults', 1, 50) ?? 50;
      const result = ctx.region.findings().query(criteria, sort);
      const scope = `ListFindings/${ctx.region.name}/${JSON.stringify([criteria, sort])}`;
      const page = paginate(result, maxResults, optString(ctx.body, 'nextToken'), scope);
      const out: JsonObject = { findingIds: page.items.map((p) => p.id) };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'GetFindings',
    method: 'POST',
    suffix: '/findings/get',
    members: ['findingIds', 'sortCriteria'],
    handle(ctx) {
      detectorOf(ctx);
      const ids = required(optStringList(ctx.body, 'findingIds', 0, 50), 'findingIds');
      const sort = parseSortCriteria(ctx.body.sortCriteria);
      const store = ctx.region.findings();
      // Unknown ids are simply absent from the answer, as on the real service.
      let plans = [...new Set(ids)].map((id) => store.get(id)).filter((p) => p !== undefined);
      if (sort) plans = store.sorted(plans, sort);
      return { findings: plans.map((p) => store.build(p)) };
    },
  },
  {
    operation: 'CreateSampleFindings',
    method: 'POST',
    suffix: '/findings/create',
    members: ['findingTypes'],
    handle(ctx) {
      detectorOf(ctx);
      const types = optStringList(ctx.body, 'findingTypes', 0, 50, 100) ?? [];
      for (const t of types) if (!FINDING_TYPE.test(t)) throw badRequest(INVALID_VALUE);
      const kinds = types.length > 0 ? types.map(kindFor) : [...EKS_KINDS, SEQUENCE_KIND];
      ctx.region.findings().addSamples(kinds, ctx.state.now());
      return {};
    },
  },
  archiveRoute('ArchiveFindings', '/findings/archive', true),
  archiveRoute('UnarchiveFindings', '/findings/unarchive', false),
  {
    operation: 'GetFindingsStatistics',
    method: 'POST',
    suffix: '/findings/statistics',
    members: ['findingStatisticTypes', 'findingCriteria', 'groupBy', 'orderBy', 'maxResults'],
    handle(ctx) {
      detectorOf(ctx);
      return statistics(ctx.region, ctx.body);
    },
  },
  {
    operation: 'ListCoverage',
    method: 'POST',
    suffix: '/coverage',
    members: ['nextToken', 'maxResults', 'filterCriteria', 'sortCriteria'],
    handle(ctx) {
      detectorOf(ctx);
      const filters = parseCoverageFilter(ctx.body.filterCriteria);
      const sort = parseCoverageSort(ctx.body.sortCriteria);
      const maxResults = optInt(ctx.body, 'maxResults', 1, 50) ?? 50;
      const scope = `ListCoverage/${ctx.region.name}/${JSON.stringify([filters, sort])}`;
      // An organization's delegated administrator also sees its members' clusters (org.ts).
      const resources = listedCoverage(ctx.region.coverage(), memberCoverage(ctx.state, ctx.region.name), scope, (all) =>
        sortCoverage(filterCoverage(all, filters, ctx.region.name), sort),
      );
      const page = paginate(resources, maxResults, optString(ctx.body, 'nextToken'), scope);
      const out: JsonObject = { resources: page.items };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'GetCoverageStatistics',
    method: 'POST',
    suffix: '/coverage/statistics',
    members: ['filterCriteria', 'statisticsType'],
    handle(ctx) {
      detectorOf(ctx);
      const filters = parseCoverageFilter(ctx.body.filterCriteria);
      const types = required(optList(ctx.body, 'statisticsType', 1, 2), 'statisticsType');
      const resources = filterCoverage(ctx.region.coverage(), filters, ctx.region.name);
      const stats: JsonObject = {};
      for (const t of types) {
        if (t === 'COUNT_BY_RESOURCE_TYPE') stats.countByResourceType = resources.length > 0 ? { EKS: resources.length } : {};
        else if (t === 'COUNT_BY_COVERAGE_STATUS') {
          const counts: JsonObject = {};
          for (const r of resources) counts[String(r.coverageStatus)] = Number(counts[String(r.coverageStatus)] ?? 0) + 1;
          stats.countByCoverageStatus = counts;
        } else throw badRequest(INVALID_VALUE);
      }
      return { coverageStatistics: stats };
    },
  },
];

function archiveRoute(operation: string, suffix: string, archived: boolean): Route {
  return {
    operation,
    method: 'POST',
    suffix,
    members: ['findingIds'],
    handle(ctx) {
      detectorOf(ctx);
      const ids = required(optStringList(ctx.body, 'findingIds', 0, 50), 'findingIds');
      if (ctx.state.memberOf !== undefined) throw badRequest(MEMBER_ONLY('archive or unarchive findings'));
      ctx.region.findings().setArchived(ids, archived);
      return {};
    },
  };
}

function administrator(accountId: string, d: Detector): JsonObject {
  return {
    accountId,
    invitationId: `${d.id.slice(0, 8)}a1b2c3d4e5f60718293a4b5c`,
    relationshipStatus: 'Enabled',
    invitedAt: new Date(d.createdAt + 3_600_000).toISOString(),
  };
}

/** Match a method and path to a route; returns the detector id from the path when there is one. */
export function matchRoute(method: string, path: string): { route: Route; detectorId: string | undefined } | undefined {
  // Organization and publishing-destination routes (extra-routes.ts): matched by URI template.
  const extra = matchExtraRoute(method, path);
  if (extra) return extra;
  const m = /^\/detector(?:\/([^/]+)(\/.*)?)?\/?$/.exec(path);
  if (!m) return undefined;
  const rawId = m[1];
  let detectorId: string | undefined;
  try {
    detectorId = rawId === undefined ? undefined : decodeURIComponent(rawId);
  } catch {
    return undefined;
  }
  const suffix = rawId === undefined ? null : (m[2] ?? '');
  const route = ROUTES.find((r) => r.method === method && r.suffix === suffix);
  return route ? { route, detectorId } : undefined;
}

