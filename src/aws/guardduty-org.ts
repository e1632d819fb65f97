import {
  GetMemberDetectorsCommand,
  paginateDescribeOrganizationConfiguration,
  paginateListMembers,
  paginateListOrganizationAdminAccounts,
  UpdateOrganizationConfigurationCommand,
  type UpdateOrganizationConfigurationCommandInput,
} from '@aws-sdk/client-guardduty';
import type { CurrentOrgConfig, CurrentOrgFeature, OrgUpdateRequest } from '../domain/org-plan.js';
import type { GuardDutyWire } from './guardduty-wire.js';
import { checkedPages } from './pages.js';
import { checkShape } from './response-shape.js';
import type { AdminAccount, MemberAccount, MemberDetectors } from './ports.js';

/** GuardDuty's organization operations, run from the delegated administrator. Pagination is flattened here. */

/** The organization's auto-enable settings (features merged over every page the API returns). */
export async function describeOrganizationConfiguration(gd: GuardDutyWire, detectorId: string): Promise<CurrentOrgConfig> {
  return gd.call('DescribeOrganizationConfiguration', async (options) => {
    const config: CurrentOrgConfig = { features: [] };
    const byName = new Map<string, CurrentOrgFeature>();
    const pages = paginateDescribeOrganizationConfiguration({ client: gd.client }, { DetectorId: detectorId }, options);
    const paging = { token: (p: { NextToken?: string }) => p.NextToken, items: (p: { Features?: unknown[] }) => p.Features?.length ?? 0 };
    for await (const page of checkedPages('DescribeOrganizationConfiguration', gd.region, pages, paging)) {
      config.autoEnableOrganizationMembers ??= page.AutoEnableOrganizationMembers;
      config.memberAccountLimitReached ||= page.MemberAccountLimitReached === true;
      for (const f of page.Features ?? []) {
        const entry: CurrentOrgFeature = {
          Name: f.Name,
          AutoEnable: f.AutoEnable,
          AdditionalConfiguration: f.AdditionalConfiguration?.map((a) => ({ Name: a.Name, AutoEnable: a.AutoEnable })),
        };
        if (f.Name) byName.set(f.Name, entry);
        else config.features.push(entry);
      }
    }
    config.features.push(...byName.values());
    return config;
  });
}

/** Feature and level names arrive as validated strings; the SDK's enum types are asserted at this boundary. */
export async function updateOrganizationConfiguration(gd: GuardDutyWire, request: OrgUpdateRequest): Promise<void> {
  await gd.call('UpdateOrganizationConfiguration', (o) =>
    gd.client.send(new UpdateOrganizationConfigurationCommand(request as UpdateOrganizationConfigurationCommandInput), o),
  );
}

/** The organization's GuardDuty delegated administrators. Only the management account may ask. */
export async function listOrganizationAdminAccounts(gd: GuardDutyWire): Promise<AdminAccount[]> {
  return gd.call('ListOrganizationAdminAccounts', async (options) => {
    const out: AdminAccount[] = [];
    const pages = paginateListOrganizationAdminAccounts({ client: gd.client }, {}, options);
    const paging = { token: (p: { NextToken?: string }) => p.NextToken, items: (p: { AdminAccounts?: unknown[] }) => p.AdminAccounts?.length ?? 0 };
    for await (const page of checkedPages('ListOrganizationAdminAccounts', gd.region, pages, paging)) {
      for (const a of page.AdminAccounts ?? []) if (a.AdminAccountId) out.push({ accountId: a.AdminAccountId, status: a.AdminStatus ?? 'unknown' });
    }
    return out;
  });
}

/** The few relationship statuses, one string each (not one per member). */
const statusNames = new Map<string, string>();
function statusName(s: string): string {
  const known = statusNames.get(s);
  if (known !== undefined) return known;
  if (statusNames.size < 100) statusNames.set(s, s);
  return s;
}

/** Every member account, associated or not (OnlyAssociated "false"), 50 per page: the API's maximum. */
export async function listMembers(gd: GuardDutyWire, detectorId: string, onPage?: (members: MemberAccount[]) => void): Promise<MemberAccount[]> {
  return gd.call('ListMembers', async (options) => {
    const out: MemberAccount[] = [];
    const input = { DetectorId: detectorId, OnlyAssociated: 'false', MaxResults: 50 };
    const pages = paginateListMembers({ client: gd.client, pageSize: 50 }, input, options);
    for await (const page of checkedPages('ListMembers', gd.region, pages, { token: (p) => p.NextToken, items: (p) => p.Members?.length ?? 0 })) {
      const members: MemberAccount[] = [];
      for (const m of page.Members ?? []) {
        if (!m.AccountId) continue;
        // Only what is read: an organization's members are kept until the last page, 50,000 of them per region.
        const member: MemberAccount = { accountId: m.AccountId, relationshipStatus: statusName(m.RelationshipStatus ?? 'unknown') };
        if (m.DetectorId) member.detectorId = m.DetectorId;
        members.push(member);
      }
      out.push(...members);
      onPage?.(members);
    }
    return out;
  });
}

/** GetMemberDetectors takes at most 50 account ids per call. */
export const MEMBER_DETECTORS_BATCH = 50;

/** Feature status of each member's detector: batches of 50, a few in flight at once. */
export async function getMemberDetectors(gd: GuardDutyWire, detectorId: string, accountIds: readonly string[], concurrency = 4): Promise<MemberDetectors> {
  const batches: string[][] = [];
  for (let i = 0; i < accountIds.length; i += MEMBER_DETECTORS_BATCH) batches.push(accountIds.slice(i, i + MEMBER_DETECTORS_BATCH));
  const results: MemberDetectors[] = new Array(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const ids = batches[index] as string[];
      const out = await gd.call('GetMemberDetectors', async (o) =>
        checkShape('GetMemberDetectors', gd.region, await gd.client.send(new GetMemberDetectorsCommand({ DetectorId: detectorId, AccountIds: ids }), o)),
      );
      results[index] = {
        members: (out.MemberDataSourceConfigurations ?? []).flatMap((m) =>
          m.AccountId
            ? [{
                accountId: m.AccountId,
                features: (m.Features ?? []).map((f) => ({
                  Name: f.Name,
                  Status: f.Status,
                  AdditionalConfiguration: f.AdditionalConfiguration?.map((a) => ({ Name: a.Name, Status: a.Status })),
                })),
              }]
            : [],
        ),
        unprocessed: (out.UnprocessedAccounts ?? []).flatMap((u) => (u.AccountId ? [{ accountId: u.AccountId, result: u.Result ?? 'unknown' }] : [])),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return { members: results.flatMap((r) => r.members), unprocessed: results.flatMap((r) => r.unprocessed) };
}
