import {
  GetRemainingFreeTrialDaysCommand,
  paginateGetUsageStatistics,
  type GetUsageStatisticsCommandInput,
  type Total,
  type UsageStatistics,
} from '@aws-sdk/client-guardduty';
import { parseDecimal } from '../domain/decimal.js';
import { UNIT, type FreeTrialDays, type Money, type TopAccounts, type UsageRow } from '../domain/usage-model.js';
import { AwsError } from '../errors.js';
import type { GuardDutyWire } from './guardduty-wire.js';
import { checkedPages } from './pages.js';
import { checkShape } from './response-shape.js';
import type { UsageQuery, UsageListType } from './ports.js';

/** GetUsageStatistics pages hold 1..50 entries; GetRemainingFreeTrialDays takes 1..50 account ids. */
const PAGE = 50;

/** The list of UsageStatistics each statistic type fills, and the key of its rows. */
const LISTS: Record<UsageListType, { member: keyof UsageStatistics; key: 'Feature' | 'Resource' | 'AccountId' }> = {
  SUM_BY_FEATURES: { member: 'SumByFeature', key: 'Feature' },
  SUM_BY_ACCOUNT: { member: 'SumByAccount', key: 'AccountId' },
  SUM_BY_RESOURCE: { member: 'SumByResource', key: 'Resource' },
  TOP_RESOURCES: { member: 'TopResources', key: 'Resource' },
};

function criteria(q: UsageQuery): GetUsageStatisticsCommandInput['UsageCriteria'] {
  // Feature names are the SDK's UsageFeature values (src/domain/usage-model.ts); asserted at this boundary.
  return {
    ...(q.accountIds ? { AccountIds: [...q.accountIds] } : {}),
    ...(q.features ? { Features: [...q.features] as NonNullable<GetUsageStatisticsCommandInput['UsageCriteria']>['Features'] } : {}),
    ...(q.resources ? { Resources: [...q.resources] } : {}),
  };
}

/** An amount must be a decimal string: anything else is a malformed answer, not a number to guess at. */
function money(gd: GuardDutyWire, total: Total | undefined, what: string): Money {
  const amount = total?.Amount;
  if (amount === undefined || parseDecimal(amount) === undefined) {
    throw new AwsError(`${gd.region}: GetUsageStatistics gave ${what} the amount ${JSON.stringify(amount)}, which is not a decimal`, {
      code: 'InvalidResponse',
      region: gd.region,
      operation: 'GetUsageStatistics',
    });
  }
  return { amount, unit: total?.Unit ?? UNIT };
}

async function pages(gd: GuardDutyWire, detectorId: string, type: string, q: UsageQuery, each: (s: UsageStatistics) => void): Promise<void> {
  await gd.call('GetUsageStatistics', async (options) => {
    const input: GetUsageStatisticsCommandInput = {
      DetectorId: detectorId,
      UsageStatisticType: type as GetUsageStatisticsCommandInput['UsageStatisticType'],
      UsageCriteria: criteria(q),
      Unit: UNIT,
      MaxResults: PAGE,
    };
    const listed = paginateGetUsageStatistics({ client: gd.client, pageSize: PAGE }, input, options);
    const items = (p: { UsageStatistics?: UsageStatistics }) =>
      Object.values(p.UsageStatistics ?? {}).reduce((n: number, v) => n + (Array.isArray(v) ? v.length : 0), 0);
    for await (const page of checkedPages('GetUsageStatistics', gd.region, listed, { token: (p) => p.NextToken, items })) {
      each(page.UsageStatistics ?? {});
    }
  });
}

/** One statistic type's rows over every page, amounts exactly as sent. */
export async function getUsage(gd: GuardDutyWire, detectorId: string, type: UsageListType, q: UsageQuery): Promise<UsageRow[]> {
  const { member, key } = LISTS[type];
  const rows: UsageRow[] = [];
  await pages(gd, detectorId, type, q, (s) => {
    for (const r of (s[member] ?? []) as Array<{ Feature?: string; Resource?: string; AccountId?: string; Total?: Total }>) {
      const name = r[key];
      if (name !== undefined) rows.push({ key: name, total: money(gd, r.Total, `${name}`) });
    }
  });
  return rows;
}

/** TOP_ACCOUNTS_BY_FEATURE over every page; a feature split across pages is joined back together. */
export async function getTopAccountsByFeature(gd: GuardDutyWire, detectorId: string, q: UsageQuery): Promise<TopAccounts[]> {
  const byFeature = new Map<string, UsageRow[]>();
  await pages(gd, detectorId, 'TOP_ACCOUNTS_BY_FEATURE', q, (s) => {
    for (const t of s.TopAccountsByFeature ?? []) {
      if (!t.Feature) continue;
      const rows = byFeature.get(t.Feature) ?? [];
      for (const a of t.Accounts ?? []) if (a.AccountId) rows.push({ key: a.AccountId, total: money(gd, a.Total, `${t.Feature} of ${a.AccountId}`) });
      byFeature.set(t.Feature, rows);
    }
  });
  return [...byFeature].map(([feature, accounts]) => ({ feature, accounts }));
}

/** GetRemainingFreeTrialDays for any number of accounts, 50 per call. */
export async function getRemainingFreeTrialDays(gd: GuardDutyWire, detectorId: string, accountIds: readonly string[]): Promise<FreeTrialDays> {
  const out: FreeTrialDays = { accounts: [], unprocessed: [] };
  for (let i = 0; i < accountIds.length; i += PAGE) {
    const ids = accountIds.slice(i, i + PAGE);
    const r = await gd.call('GetRemainingFreeTrialDays', async (o) =>
      checkShape('GetRemainingFreeTrialDays', gd.region, await gd.client.send(new GetRemainingFreeTrialDaysCommand({ DetectorId: detectorId, AccountIds: ids }), o)),
    );
    for (const a of r.Accounts ?? []) {
      if (!a.AccountId) continue;
      const days: Record<string, number> = {};
      // The deprecated data-source form names EKS audit logs too; the features list wins where both say.
      const audit = a.DataSources?.Kubernetes?.AuditLogs?.FreeTrialDaysRemaining;
      if (audit !== undefined) days.EKS_AUDIT_LOGS = audit;
      for (const f of a.Features ?? []) if (f.Name && f.FreeTrialDaysRemaining !== undefined) days[f.Name] = f.FreeTrialDaysRemaining;
      out.accounts.push({ accountId: a.AccountId, days });
    }
    for (const u of r.UnprocessedAccounts ?? []) if (u.AccountId) out.unprocessed.push({ accountId: u.AccountId, result: u.Result ?? 'unknown' });
  }
  return out;
}
