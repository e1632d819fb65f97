// GetFindingsStatistics: GroupBy (SEVERITY, FINDING_TYPE, ACCOUNT, DATE, RESOURCE) or the deprecated
// FindingStatisticTypes [COUNT_BY_SEVERITY] — "either ... and not both", per the model docs.

import { ACCOUNT_ID } from './clusters.js';
import { parseFindingCriteria } from './criteria.js';
import { badRequest, INVALID_VALUE } from './errors.js';
import type { FindingPlan } from './seed.js';
import type { RegionState } from './state.js';
import { optEnum, optInt, optList, type Json, type JsonObject } from './validate.js';

const GROUPS = ['ACCOUNT', 'DATE', 'FINDING_TYPE', 'RESOURCE', 'SEVERITY'] as const;
type Group = (typeof GROUPS)[number];

/** Java-style double formatting ("8.0", "5.3") used for severity map keys. */
const formatDouble = (n: number): string => (Number.isInteger(n) ? n.toFixed(1) : String(n));

export function statistics(region: RegionState, body: JsonObject): JsonObject {
  const legacy = optList(body, 'findingStatisticTypes', 0, 10);
  const groupBy = optEnum<Group>(body, 'groupBy', GROUPS);
  const orderBy = optEnum(body, 'orderBy', ['ASC', 'DESC'] as const);
  const maxResults = optInt(body, 'maxResults', 1, 100);
  if ((legacy === undefined) === (groupBy === undefined)) {
    throw badRequest('The request is rejected because exactly one of findingStatisticTypes or groupBy must be specified.');
  }
  if (groupBy === undefined && (orderBy !== undefined || maxResults !== undefined)) {
    throw badRequest('The request is rejected because orderBy and maxResults can be used only with groupBy.');
  }
  const criteria = parseFindingCriteria(body.findingCriteria);
  const store = region.findings();
  const plans = store.query(criteria, undefined);

  if (legacy !== undefined) {
    if (!legacy.every((t) => t === 'COUNT_BY_SEVERITY')) throw badRequest(INVALID_VALUE);
    const counts: JsonObject = {};
    for (const p of plans) counts[formatDouble(p.severity)] = Number(counts[formatDouble(p.severity)] ?? 0) + 1;
    return { findingStatistics: { countBySeverity: counts } };
  }

  const keyOf = (p: FindingPlan): string => {
    switch (groupBy) {
      case 'SEVERITY':
        return String(p.severity);
      case 'FINDING_TYPE':
        return p.kind.type;
      case 'ACCOUNT':
        return ACCOUNT_ID;
      case 'DATE':
        return new Date(p.updatedAt).toISOString().slice(0, 10);
      case 'RESOURCE':
      default:
        return resourceKey(store.build(p));
    }
  };
  const groups = new Map<string, { count: number; last: number; severity: number; sample: FindingPlan }>();
  for (const p of plans) {
    const k = keyOf(p);
    const g = groups.get(k);
    if (g) {
      g.count++;
      g.last = Math.max(g.last, p.updatedAt);
      g.severity = Math.max(g.severity, p.severity);
    } else groups.set(k, { count: 1, last: p.updatedAt, severity: p.severity, sample: p });
  }
  const dir = (orderBy ?? 'DESC') === 'DESC' ? -1 : 1;
  const rows = [...groups.entries()].sort((a, b) => (a[1].count - b[1].count) * dir).slice(0, maxResults ?? 25);
  const entries: Json[] = rows.map(([key, g]) => {
    const base = { lastGeneratedAt: g.last / 1000, totalFindings: g.count };
    switch (groupBy) {
      case 'SEVERITY':
        return { ...base, severity: Number(key) };
      case 'FINDING_TYPE':
        return { ...base, findingType: key };
      case 'ACCOUNT':
        return { ...base, accountId: key };
      case 'DATE':
        return { ...base, date: Date.parse(`${key}T00:00:00Z`) / 1000, severity: g.severity };
      case 'RESOURCE':
      default: {
        const [resourceType = '', resourceId = ''] = key.split('\u0000');
        return { ...base, accountId: ACCOUNT_ID, resourceId, resourceType };
      }
    }
  });
  const member = { SEVERITY: 'groupedBySeverity', FINDING_TYPE: 'groupedByFindingType', ACCOUNT: 'groupedByAccount', DATE: 'groupedByDate', RESOURCE: 'groupedByResource' }[groupBy ?? 'SEVERITY'];
  return { findingStatistics: { [member]: entries } };
}

/** ResourceId per the model doc: EKSCluster → eksClusterDetails.name, Instance → instanceId, S3Bucket → bucket name. */
function resourceKey(finding: JsonObject): string {
  const r = (finding.resource ?? {}) as { resourceType?: string; eksClusterDetails?: { name?: string }; instanceDetails?: { instanceId?: string }; s3BucketDetails?: Array<{ name?: string }> };
  const id = r.eksClusterDetails?.name ?? r.instanceDetails?.instanceId ?? r.s3BucketDetails?.[0]?.name ?? '';
  return `${r.resourceType ?? ''}\u0000${id}`;
}
