// ListCoverage filterCriteria / sortCriteria (CoverageFilterCriterionKey and CoverageSortKey enums), pure.

import { badRequest, INVALID_VALUE } from './errors.js';
import { isObject, onlyMembers, type Json, type JsonObject } from './validate.js';

const FILTER_KEYS = [
  'ACCOUNT_ID', 'RESOURCE_TYPE', 'COVERAGE_STATUS', 'ADDON_VERSION', 'CLUSTER_NAME', 'ECS_CLUSTER_NAME',
  'MANAGEMENT_TYPE', 'EKS_CLUSTER_NAME', 'AGENT_VERSION', 'INSTANCE_ID', 'CLUSTER_ARN',
] as const;
const SORT_KEYS = [
  'ACCOUNT_ID', 'COVERAGE_STATUS', 'ISSUE', 'ADDON_VERSION', 'UPDATED_AT', 'CLUSTER_NAME', 'EKS_CLUSTER_NAME',
  'ECS_CLUSTER_NAME', 'INSTANCE_ID',
] as const;

export interface CoverageFilter {
  key: string;
  equals?: string[];
  notEquals?: string[];
}

export interface CoverageSort {
  key: string;
  order: 'ASC' | 'DESC';
}

/** The value a key reads from a wire CoverageResource (undefined when it does not apply, e.g. ECS keys on EKS). */
export function coverageValue(resource: JsonObject, key: string, region = 'us-east-1'): string | number | undefined {
  const details = isObject(resource.resourceDetails) ? resource.resourceDetails : {};
  const eks = isObject(details.eksClusterDetails) ? details.eksClusterDetails : undefined;
  const addon = eks && isObject(eks.addonDetails) ? eks.addonDetails : undefined;
  const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  switch (key) {
    case 'ACCOUNT_ID':
      return str(resource.accountId);
    case 'RESOURCE_TYPE':
      return str(details.resourceType);
    case 'COVERAGE_STATUS':
      return str(resource.coverageStatus);
    case 'ISSUE':
      return str(resource.issue);
    case 'ADDON_VERSION':
      return str(addon?.addonVersion);
    case 'CLUSTER_NAME':
    case 'EKS_CLUSTER_NAME':
      return str(eks?.clusterName);
    case 'MANAGEMENT_TYPE':
      return str(eks?.managementType);
    case 'CLUSTER_ARN':
      return eks && typeof resource.accountId === 'string'
        ? `arn:aws:eks:${region}:${resource.accountId}:cluster/${String(eks.clusterName)}`
        : undefined;
    case 'UPDATED_AT':
      return typeof resource.updatedAt === 'number' ? resource.updatedAt : undefined;
    default:
      return undefined;
  }
}

export function parseCoverageFilter(raw: Json | undefined): CoverageFilter[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) throw badRequest(INVALID_VALUE);
  onlyMembers(raw, ['filterCriterion'], 'filterCriteria.');
  const list = raw.filterCriterion;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || list.length > 50) throw badRequest(`${INVALID_VALUE} (filterCriterion must be a list of 0..50)`);
  return list.map((entry, i) => {
    if (!isObject(entry)) throw badRequest(INVALID_VALUE);
    onlyMembers(entry, ['criterionKey', 'filterCondition'], `filterCriterion[${i}].`);
    const key = entry.criterionKey;
    if (typeof key !== 'string' || !(FILTER_KEYS as readonly string[]).includes(key)) throw badRequest(INVALID_VALUE);
    const cond = entry.filterCondition;
    if (!isObject(cond)) throw badRequest(`${INVALID_VALUE} (filterCondition is required)`);
    onlyMembers(cond, ['equals', 'notEquals'], `filterCriterion[${i}].filterCondition.`);
    const filter: CoverageFilter = { key };
    for (const op of ['equals', 'notEquals'] as const) {
      const v = cond[op];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string')) throw badRequest(INVALID_VALUE);
      filter[op] = v as string[];
    }
    if (!filter.equals && !filter.notEquals) throw badRequest(`${INVALID_VALUE} (filterCondition needs equals or notEquals)`);
    return filter;
  });
}

export function parseCoverageSort(raw: Json | undefined): CoverageSort | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw badRequest(INVALID_VALUE);
  onlyMembers(raw, ['attributeName', 'orderBy'], 'sortCriteria.');
  const key = raw.attributeName;
  if (typeof key !== 'string' || !(SORT_KEYS as readonly string[]).includes(key)) throw badRequest(INVALID_VALUE);
  const order = raw.orderBy ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') throw badRequest(INVALID_VALUE);
  return { key, order };
}

export function filterCoverage(resources: readonly JsonObject[], filters: readonly CoverageFilter[], region: string): JsonObject[] {
  return resources.filter((r) =>
    filters.every((f) => {
      const v = coverageValue(r, f.key, region);
      const s = v === undefined ? undefined : String(v);
      if (f.equals && (s === undefined || !f.equals.includes(s))) return false;
      if (f.notEquals && s !== undefined && f.notEquals.includes(s)) return false;
      return true;
    }),
  );
}

export function sortCoverage(resources: readonly JsonObject[], sort: CoverageSort | undefined): JsonObject[] {
  if (!sort) return [...resources];
  const dir = sort.order === 'ASC' ? 1 : -1;
  return [...resources].sort((a, b) => {
    const x = coverageValue(a, sort.key);
    const y = coverageValue(b, sort.key);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}
