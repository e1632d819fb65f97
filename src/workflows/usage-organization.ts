import type { Report } from '../domain/report.js';
import { accountsMissingFromTop, orgAccounts, sumMoney } from '../domain/usage.js';
import { orgUsageRegionJson } from '../domain/usage-json.js';
import { EKS_USAGE_FEATURES, isUnknown, TOP_LIMIT, type OrgRegionUsage, type TopAccounts, type Unknown, type UsageTotal } from '../domain/usage-model.js';
import { AwsError } from '../errors.js';
import { readDetector } from './detector.js';
import { explainRefusal } from './enable-organization.js';
import { forEachRegion } from './fanout.js';
import { ReadFailures } from './read-failures.js';
import type { AwsRun } from './run.js';
import { usageReport } from './usage-report.js';

/** What the organization usage table receives. */
export interface OrgUsageView {
  regions: OrgRegionUsage[];
  total: UsageTotal | null;
}

/**
 * `gdeks usage --organization`, from the delegated administrator: per region, every account's GuardDuty cost and
 * its EKS features' cost (SUM_BY_ACCOUNT, TOP_ACCOUNTS_BY_FEATURE), largest EKS cost first, with free-trial days.
 */
export async function readOrganizationUsage(run: AwsRun): Promise<Report<OrgUsageView>> {
  const outcomes = await forEachRegion(run.regions, (region) => readOrgRegion(run, region));
  const regions = outcomes.map((o) => (o.ok ? o.value : failed(o.region, o.error)));
  return usageReport(outcomes, regions, orgUsageRegionJson, (r) => r.error?.message);
}

function failed(region: string, error: AwsError): OrgRegionUsage {
  return { region, detectorId: null, accountId: null, features: [], total: null, eks: null, accounts: [], notes: [], problems: [], error: { code: error.code, message: error.message } };
}

async function readOrgRegion(run: AwsRun, region: string): Promise<OrgRegionUsage> {
  const gd = await run.ports.guardDuty(region);
  const detector = await readDetector(gd);
  if (!detector) {
    throw new AwsError(`${region}: no GuardDuty detector, so no organization to report on here`, { code: 'NoDetector', region, operation: 'ListDetectors' });
  }
  const id = detector.detectorId;
  // The organization settings prove this is the delegated administrator (a member is told who is).
  try {
    await gd.describeOrganizationConfiguration(id);
  } catch (e) {
    throw await explainRefusal(gd, id, e);
  }
  const failures = new ReadFailures();
  const unknown = (e: unknown): Unknown => failures.unknown(e, 'guardduty');
  const [members, byAccount, byFeature, firstTop] = await Promise.all([
    gd.listMembers(id).catch(unknown),
    gd.getUsage(id, 'SUM_BY_ACCOUNT', {}).catch(unknown),
    gd.getUsage(id, 'SUM_BY_FEATURES', {}).catch(unknown),
    gd.getTopAccountsByFeature(id, { features: EKS_USAGE_FEATURES }).catch(unknown),
  ]);
  run.signal.throwIfAborted();
  const accountIds = isUnknown(byAccount) ? [] : byAccount.map((r) => r.key);

  // TOP_ACCOUNTS_BY_FEATURE stops at 50 accounts per feature: ask for the rest by account id, 50 at a time.
  let top: TopAccounts[] | Unknown = firstTop;
  const truncated: string[] = [];
  if (!isUnknown(firstTop)) {
    const more: TopAccounts[] = [];
    try {
      for (const f of EKS_USAGE_FEATURES) {
        const missing = accountsMissingFromTop(firstTop, f, accountIds, TOP_LIMIT);
        if (missing.length > 0) truncated.push(f);
        for (let i = 0; i < missing.length; i += TOP_LIMIT) {
          more.push(...(await gd.getTopAccountsByFeature(id, { features: [f], accountIds: missing.slice(i, i + TOP_LIMIT) })));
        }
      }
      top = [...firstTop, ...more];
    } catch (e) {
      top = unknown(e);
    }
  }
  const trial = accountIds.length ? await gd.getRemainingFreeTrialDays(id, accountIds).catch(unknown) : { accounts: [], unprocessed: [] };
  run.signal.throwIfAborted();

  const roles = new Map<string, string>();
  if (!isUnknown(members)) for (const m of members) roles.set(m.accountId, m.relationshipStatus);
  if (detector.accountId) roles.set(detector.accountId, 'administrator');
  const features = EKS_USAGE_FEATURES.map((feature) => ({
    feature,
    cost: isUnknown(byFeature) ? byFeature : (byFeature.find((r) => r.key === feature)?.total ?? null),
  }));
  const unread = features.find((f) => isUnknown(f.cost))?.cost;
  const eks = unread ?? sumMoney(features.map((f) => (isUnknown(f.cost) ? null : f.cost)));
  const accounts = orgAccounts({ byAccount: isUnknown(byAccount) ? [] : byAccount, topByFeature: top, trial, roles });
  const notes: string[] = [];
  if (!isUnknown(members) && members.length === 0) notes.push('this account has no member accounts: only its own usage is shown');
  for (const f of truncated) notes.push(`${f}: GuardDuty lists at most 50 accounts per feature (TOP_ACCOUNTS_BY_FEATURE); the others were asked for by account id`);
  return {
    region,
    detectorId: id,
    accountId: detector.accountId ?? null,
    features,
    total: isUnknown(byFeature) ? byFeature : sumMoney(byFeature.map((r) => r.total)),
    eks,
    accounts,
    notes,
    problems: failures.problems,
  };
}
