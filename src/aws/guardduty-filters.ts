import {
  CreateFilterCommand,
  DeleteFilterCommand,
  GetFilterCommand,
  GetFindingsStatisticsCommand,
  ListFindingsCommand,
  paginateListFilters,
  UpdateFilterCommand,
  type FindingCriteria,
} from '@aws-sdk/client-guardduty';
import type { Rule } from '../domain/suppress-rule.js';
import { BATCH } from './guardduty-findings.js';
import { checkedPages, PageGuard } from './pages.js';
import { checkShape } from './response-shape.js';
import { throwIfAborted, type GuardDutyWire } from './guardduty-wire.js';
import type { StatisticsGroup, StatisticsGroupBy } from './ports.js';

/** ListFilters, every page (50 names each), each page checked (shape, no endless paging). */
export async function listFilterNames(gd: GuardDutyWire, detectorId: string): Promise<string[]> {
  return gd.call('ListFilters', async (options) => {
    const names: string[] = [];
    const pages = paginateListFilters({ client: gd.client, pageSize: BATCH }, { DetectorId: detectorId }, options);
    for await (const page of checkedPages('ListFilters', gd.region, pages, { token: (p) => p.NextToken, items: (p) => p.FilterNames?.length ?? 0 })) {
      names.push(...(page.FilterNames ?? []));
    }
    return names;
  });
}

export async function getFilter(gd: GuardDutyWire, detectorId: string, name: string): Promise<Rule> {
  const out = await gd.call('GetFilter', async (o) => checkShape('GetFilter', gd.region, await gd.client.send(new GetFilterCommand({ DetectorId: detectorId, FilterName: name }), o)));
  const rule: Rule = { name: out.Name ?? name, action: out.Action === 'ARCHIVE' ? 'ARCHIVE' : 'NOOP', criteria: out.FindingCriteria ?? {} };
  if (out.Rank !== undefined) rule.rank = out.Rank;
  if (out.Description !== undefined) rule.description = out.Description;
  return rule;
}

export async function createFilter(gd: GuardDutyWire, detectorId: string, rule: Rule): Promise<void> {
  await gd.call('CreateFilter', (o) =>
    gd.client.send(
      new CreateFilterCommand({
        DetectorId: detectorId,
        Name: rule.name,
        Action: rule.action,
        FindingCriteria: rule.criteria,
        ...(rule.rank !== undefined ? { Rank: rule.rank } : {}),
        ...(rule.description !== undefined ? { Description: rule.description } : {}),
      }),
      o,
    ),
  );
}

export async function updateFilter(gd: GuardDutyWire, detectorId: string, rule: Rule): Promise<void> {
  await gd.call('UpdateFilter', (o) =>
    gd.client.send(
      new UpdateFilterCommand({
        DetectorId: detectorId,
        FilterName: rule.name,
        Action: rule.action,
        FindingCriteria: rule.criteria,
        ...(rule.rank !== undefined ? { Rank: rule.rank } : {}),
        ...(rule.description !== undefined ? { Description: rule.description } : {}),
      }),
      o,
    ),
  );
}

export async function deleteFilter(gd: GuardDutyWire, detectorId: string, name: string): Promise<void> {
  await gd.call('DeleteFilter', (o) => gd.client.send(new DeleteFilterCommand({ DetectorId: detectorId, FilterName: name }), o));
}

/** GetFindingsStatistics grouped one way; the key is the severity, the finding type, or the resource id (an EKS cluster's name). */
export async function findingStatistics(
  gd: GuardDutyWire,
  detectorId: string,
  criteria: FindingCriteria,
  groupBy: StatisticsGroupBy,
  maxResults: number,
): Promise<StatisticsGroup[]> {
  const out = await gd.call('GetFindingsStatistics', async (o) =>
    checkShape(
      'GetFindingsStatistics',
      gd.region,
      await gd.client.send(new GetFindingsStatisticsCommand({ DetectorId: detectorId, FindingCriteria: criteria, GroupBy: groupBy, MaxResults: maxResults }), o),
    ),
  );
  const s = out.FindingStatistics ?? {};
  if (groupBy === 'SEVERITY') return (s.GroupedBySeverity ?? []).map((g) => ({ key: String(g.Severity ?? 0), count: g.TotalFindings ?? 0 }));
  if (groupBy === 'FINDING_TYPE') return (s.GroupedByFindingType ?? []).map((g) => ({ key: g.FindingType ?? '', count: g.TotalFindings ?? 0 }));
  return (s.GroupedByResource ?? []).map((g) => ({ key: g.ResourceId ?? '', count: g.TotalFindings ?? 0 }));
}

/** Every matching finding id (ListFindings only, no GetFindings), in pages of 50. */
export async function listFindingIds(gd: GuardDutyWire, detectorId: string, criteria: FindingCriteria): Promise<string[]> {
  const ids = new Set<string>();
  const guard = new PageGuard('ListFindings', gd.region);
  let token: string | undefined;
  do {
    throwIfAborted(gd);
    const page = await gd.call('ListFindings', async (o) =>
      checkShape('ListFindings', gd.region, await gd.client.send(new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: criteria, MaxResults: BATCH, NextToken: token }), o)),
    );
    const before = ids.size;
    for (const id of page.FindingIds ?? []) ids.add(id);
    token = page.NextToken || undefined;
    guard.next(token, ids.size - before);
  } while (token);
  return [...ids];
}
