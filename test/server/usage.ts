// GuardDuty usage: GetUsageStatistics (every UsageStatisticType, UsageCriteria, paginated 1..50) and
// GetRemainingFreeTrialDays. The usage is made up, deterministically from the seed: a daily cost per account-level
// feature, per EKS cluster for EKS_AUDIT_LOGS and, while runtime monitoring (either flavour) is on, per covered
// cluster for EKS_RUNTIME_MONITORING (the usage enum has no RUNTIME_MONITORING). Resources are cluster names, as
// GuardDuty names EKS clusters in findings statistics and coverage. An organization's delegated administrator also
// sees its Enabled members' usage (org.ts).
//
// "Usage statistics over the last 30 days ... For newly enabled detectors or data sources, the cost returned will
// include only the usage so far" (GetUsageStatistics doc): a feature counts the days since it was enabled, at most
// 30. A feature enabled by the seeded detector is as old as the detector (`detector: { ageDays }`, default 200) as
// of baseTime; one enabled later through UpdateDetector counts from then by the server clock. Each feature has a
// 30-day free trial from when it was enabled (aws.amazon.com/guardduty/pricing); `usage.trialDays` overrides the
// account's own days left.

import { ACCOUNT_ID } from './clusters.js';
import type { Detector } from './detector.js';
import { badRequest, INVALID_VALUE, NOT_OWNED } from './errors.js';
import type { TemplateRoute } from './extra-routes.js';
import { orgRegion } from './org.js';
import { paginate } from './paginate.js';
import { Rng, subSeed } from './prng.js';
import type { RequestContext } from './routes.js';
import type { ServerState } from './state.js';
import { isObject, onlyMembers, optEnum, optInt, optList, optString, optStringList, required, type Json, type JsonObject } from './validate.js';

const DAY = 86_400_000;
const WINDOW_DAYS = 30;
const TRIAL_DAYS = 30;

export const USAGE_STATISTIC_TYPES = [
  'SUM_BY_ACCOUNT', 'SUM_BY_DATA_SOURCE', 'SUM_BY_RESOURCE', 'TOP_RESOURCES', 'SUM_BY_FEATURES', 'TOP_ACCOUNTS_BY_FEATURE',
] as const;
export type UsageStatisticType = (typeof USAGE_STATISTIC_TYPES)[number];

/** UsageFeature (model enum): EKS_RUNTIME_MONITORING, never RUNTIME_MONITORING. */
export const USAGE_FEATURES = [
  'FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS', 'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS', 'EKS_RUNTIME_MONITORING', 'EC2_RUNTIME_MONITORING', 'FARGATE_RUNTIME_MONITORING',
  'RDS_DBI_PROTECTION_PROVISIONED', 'RDS_DBI_PROTECTION_SERVERLESS',
] as const;

/** The deprecated DataSource enum and the usage feature each one is. */
const DATA_SOURCES: Record<string, string> = {
  FLOW_LOGS: 'FLOW_LOGS',
  CLOUD_TRAIL: 'CLOUD_TRAIL',
  DNS_LOGS: 'DNS_LOGS',
  S3_LOGS: 'S3_DATA_EVENTS',
  KUBERNETES_AUDIT_LOGS: 'EKS_AUDIT_LOGS',
  EC2_MALWARE_SCAN: 'EBS_MALWARE_PROTECTION',
};
const DATA_SOURCE_OF = Object.fromEntries(Object.entries(DATA_SOURCES).map(([ds, f]) => [f, ds]));

/** FreeTrialFeatureResult (model enum). */
const TRIAL_FEATURES = [
  'FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS', 'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS', 'EKS_RUNTIME_MONITORING', 'EC2_RUNTIME_MONITORING', 'FARGATE_RUNTIME_MONITORING',
] as const;

/** Account-level daily cost range (USD) per feature; EKS features are per cluster (see clusterRate). */
const ACCOUNT_RATES: Record<string, [number, number]> = {
  FLOW_LOGS: [0.5, 3],
  CLOUD_TRAIL: [0.2, 1.5],
  DNS_LOGS: [0.1, 1],
  S3_DATA_EVENTS: [0.1, 2],
  EBS_MALWARE_PROTECTION: [0, 0.5],
  RDS_LOGIN_EVENTS: [0.05, 0.4],
  LAMBDA_NETWORK_LOGS: [0.02, 0.3],
};
const FOUNDATIONAL = ['FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS'];

export interface UsageOptions {
  /** The account's free-trial days left per feature (FreeTrialFeatureResult names), instead of what the feature's age gives. */
  trialDays?: Record<string, number>;
}

const options = new WeakMap<ServerState, UsageOptions>();

export function configureUsage(state: ServerState, opts: UsageOptions): void {
  options.set(state, opts);
}

/** One account's usage of one feature, for one resource or for the account as a whole. */
export interface UsageRecord {
  accountId: string;
  feature: string;
  resource?: string;
  /** Integer cents, so sums are exact. */
  cents: number;
}

/** A feature as it bills: which usage features it is, and since when (epoch ms) it has been enabled. */
interface Enabled {
  feature: string;
  since: number;
}

function detectorOf(ctx: RequestContext): Detector {
  const d = ctx.region.detector;
  if (!d || d.id !== ctx.detectorId) throw badRequest(NOT_OWNED);
  return d;
}

/** Days a feature enabled at `since` has run: seeded state is measured at baseTime, later changes by the clock. */
function daysSince(state: ServerState, since: number): number {
  const reference = since <= state.config.baseTime ? state.config.baseTime : state.now();
  return Math.max(0, (reference - since) / DAY);
}

/** The detector's enabled features as usage features (RUNTIME_MONITORING bills its EKS part as EKS_RUNTIME_MONITORING). */
function enabledFeatures(d: Detector): Enabled[] {
  const out = new Map<string, number>();
  for (const [name, f] of d.features) {
    if (f.status !== 'ENABLED') continue;
    const names = name === 'RUNTIME_MONITORING' ? ['EKS_RUNTIME_MONITORING', 'EC2_RUNTIME_MONITORING', 'FARGATE_RUNTIME_MONITORING'] : [name];
    for (const n of names) {
      const since = FOUNDATIONAL.includes(n) ? d.createdAt : f.updatedAt;
      out.set(n, Math.min(out.get(n) ?? since, since));
    }
  }
  return [...out].map(([feature, since]) => ({ feature, since }));
}

function rate(seed: number, label: string, [min, max]: [number, number]): number {
  return min + new Rng(subSeed(seed, `usage/${label}`)).next() * (max - min);
}

function cents(dailyUsd: number, days: number): number {
  return Math.round(dailyUsd * Math.min(days, WINDOW_DAYS) * 100);
}

interface UsageClusters {
  name: string;
  /** Nodes the agent covers; undefined: runtime monitoring does not cover the cluster (e.g. Fargate). */
  coveredNodes: number | undefined;
}

function accountUsage(state: ServerState, region: string, accountId: string, features: readonly Enabled[], clusters: readonly UsageClusters[], ageOffset = 0): UsageRecord[] {
  const seed = state.config.seed;
  const out: UsageRecord[] = [];
  for (const { feature, since } of features) {
    const days = daysSince(state, since) + ageOffset;
    const label = `${region}/${accountId}/${feature}`;
    if (feature === 'EKS_AUDIT_LOGS') {
      for (const c of clusters) out.push({ accountId, feature, resource: c.name, cents: cents(rate(seed, `${label}/${c.name}`, [0.1, 1.2]), days) });
    } else if (feature === 'EKS_RUNTIME_MONITORING') {
      for (const c of clusters) {
        if (c.coveredNodes === undefined) continue;
        out.push({ accountId, feature, resource: c.name, cents: cents(c.coveredNodes * rate(seed, `${label}/${c.name}`, [0.05, 0.15]), days) });
      }
    } else {
      const range = ACCOUNT_RATES[feature];
      if (range) out.push({ accountId, feature, cents: cents(rate(seed, label, range), days) });
    }
  }
  return out;
}

/** A member's detector age in days as of baseTime: a few still within their free trial. */
function memberAgeDays(state: ServerState, accountId: string): number {
  const rng = new Rng(subSeed(state.config.seed, `usage-age/${accountId}`));
  return rng.chance(0.25) ? rng.int(1, TRIAL_DAYS - 1) : rng.int(TRIAL_DAYS, 700);
}

interface MemberView {
  accountId: string;
  ageDays: number;
  features: Enabled[];
  clusters: UsageClusters[];
}

/** The delegated administrator's Enabled members with a detector, with their enabled features. */
function members(state: ServerState, region: string): MemberView[] {
  if (state.memberOf !== undefined) return [];
  const org = orgRegion(state, region);
  if (!org) return [];
  const since = state.config.baseTime; // measured with ageDays on top (accountUsage's ageOffset)
  return org.members
    .filter((m) => m.relationshipStatus === 'Enabled' && m.detectorId !== undefined)
    .map((m) => {
      const names = new Set(FOUNDATIONAL);
      for (const [name, f] of m.features) {
        if (f.status !== 'ENABLED') continue;
        if (name === 'RUNTIME_MONITORING') ['EKS_RUNTIME_MONITORING', 'EC2_RUNTIME_MONITORING', 'FARGATE_RUNTIME_MONITORING'].forEach((n) => names.add(n));
        else names.add(name);
      }
      return {
        accountId: m.accountId,
        ageDays: memberAgeDays(state, m.accountId),
        features: [...names].map((feature) => ({ feature, since })),
        clusters: m.clusters.map((c) => ({ name: c.name, coveredNodes: c.coveredNodes ?? 3 })),
      };
    });
}

/** Every usage record of the region: the account's own, then its members'. */
export function usageRecords(state: ServerState, region: string): UsageRecord[] {
  const d = state.region(region).detector;
  if (!d) return [];
  const clusters = state.region(region).clusters.map((c) => ({
    name: c.name,
    coveredNodes: c.spec.coverage === false ? undefined : (c.spec.coverage?.coveredNodes ?? 3),
  }));
  const own = accountUsage(state, region, ACCOUNT_ID, enabledFeatures(d), clusters);
  const theirs = members(state, region).flatMap((m) => accountUsage(state, region, m.accountId, m.features, m.clusters, m.ageDays));
  return [...own, ...theirs];
}

const usd = (c: number): JsonObject => ({ amount: (c / 100).toFixed(2), unit: 'USD' });

function sumBy(records: readonly UsageRecord[], key: (r: UsageRecord) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    const k = key(r);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + r.cents);
  }
  return out;
}

const byAmountDesc = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const enumOrder = (order: readonly string[]) => (a: [string, number], b: [string, number]): number => order.indexOf(a[0]) - order.indexOf(b[0]);

interface Criteria {
  accountIds?: string[];
  features?: string[];
  resources?: string[];
}

function parseUsageCriteria(raw: Json | undefined): Criteria {
  if (!isObject(raw)) throw badRequest(`The request is rejected because the required parameter 'usageCriteria' is missing.`);
  onlyMembers(raw, ['accountIds', 'dataSources', 'resources', 'features'], 'usageCriteria.');
  const out: Criteria = {};
  const accountIds = optStringList(raw, 'accountIds', 1, 50, 12);
  if (accountIds) {
    if (!accountIds.every((a) => /^\d{12}$/.test(a))) throw badRequest(`${INVALID_VALUE} (usageCriteria.accountIds must be 12-digit account ids)`);
    out.accountIds = accountIds;
  }
  const features = optList(raw, 'features', 0, Number.MAX_SAFE_INTEGER);
  const dataSources = optList(raw, 'dataSources', 0, Number.MAX_SAFE_INTEGER);
  if (features && dataSources) {
    throw badRequest('The request is rejected because usageCriteria specifies both dataSources and features; use features only.');
  }
  if (features) {
    out.features = features.map((f) => {
      if (typeof f !== 'string' || !(USAGE_FEATURES as readonly string[]).includes(f)) {
        throw badRequest(`${INVALID_VALUE} (usageCriteria.features: ${JSON.stringify(f)} is not a usage feature)`);
      }
      return f;
    });
  }
  if (dataSources) {
    out.features = dataSources.map((ds) => {
      const f = typeof ds === 'string' ? DATA_SOURCES[ds] : undefined;
      if (f === undefined) throw badRequest(`${INVALID_VALUE} (usageCriteria.dataSources: ${JSON.stringify(ds)} is not a data source)`);
      return f;
    });
  }
  const resources = optList(raw, 'resources', 0, Number.MAX_SAFE_INTEGER);
  if (resources) {
    if (!resources.every((r) => typeof r === 'string')) throw badRequest(`${INVALID_VALUE} (usageCriteria.resources must be strings)`);
    out.resources = resources as string[];
  }
  return out;
}

function select(records: readonly UsageRecord[], c: Criteria): UsageRecord[] {
  return records.filter(
    (r) =>
      (!c.accountIds || c.accountIds.includes(r.accountId)) &&
      (!c.features || c.features.includes(r.feature)) &&
      (!c.resources || (r.resource !== undefined && c.resources.includes(r.resource))),
  );
}

/** The one list GetUsageStatistics answers for a type, before pagination. */
function statisticList(type: UsageStatisticType, records: readonly UsageRecord[]): { member: string; items: JsonObject[] } {
  switch (type) {
    case 'SUM_BY_ACCOUNT':
      return { member: 'sumByAccount', items: [...sumBy(records, (r) => r.accountId)].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([accountId, c]) => ({ accountId, total: usd(c) })) };
    case 'SUM_BY_DATA_SOURCE':
      return {
        member: 'sumByDataSource',
        items: [...sumBy(records, (r) => DATA_SOURCE_OF[r.feature])].sort(enumOrder(Object.keys(DATA_SOURCES))).map(([dataSource, c]) => ({ dataSource, total: usd(c) })),
      };
    case 'SUM_BY_RESOURCE':
      return { member: 'sumByResource', items: [...sumBy(records, (r) => r.resource)].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([resource, c]) => ({ resource, total: usd(c) })) };
    case 'TOP_RESOURCES':
      // "the top 50 resources that have generated the most GuardDuty usage, in order from most to least expensive"
      return { member: 'topResources', items: [...sumBy(records, (r) => r.resource)].sort(byAmountDesc).slice(0, 50).map(([resource, c]) => ({ resource, total: usd(c) })) };
    case 'SUM_BY_FEATURES':
      return { member: 'sumByFeature', items: [...sumBy(records, (r) => r.feature)].sort(enumOrder(USAGE_FEATURES)).map(([feature, c]) => ({ feature, total: usd(c) })) };
    case 'TOP_ACCOUNTS_BY_FEATURE': {
      // Top 50 accounts per feature, most expensive first; "this doesn't support RDS_LOGIN_EVENTS".
      const features = [...new Set(records.map((r) => r.feature))].filter((f) => f !== 'RDS_LOGIN_EVENTS');
      features.sort((a, b) => USAGE_FEATURES.indexOf(a as never) - USAGE_FEATURES.indexOf(b as never));
      const items = features.map((feature) => ({
        feature,
        accounts: [...sumBy(records.filter((r) => r.feature === feature), (r) => r.accountId)]
          .sort(byAmountDesc)
          .slice(0, 50)
          .map(([accountId, c]) => ({ accountId, total: usd(c) })),
      }));
      return { member: 'topAccountsByFeature', items };
    }
  }
}

/** Free-trial days left per feature for one account, FreeTrialFeatureResult order. */
function trialFeatures(state: ServerState, features: readonly Enabled[], ageOffset: number, overrides: Record<string, number> = {}): Array<{ name: string; days: number }> {
  return TRIAL_FEATURES.flatMap((name) => {
    const f = features.find((x) => x.feature === name);
    if (!f) return [];
    const computed = Math.max(0, TRIAL_DAYS - Math.floor(daysSince(state, f.since) + ageOffset));
    return [{ name, days: overrides[name] ?? computed }];
  });
}

function trialInfo(accountId: string, features: ReadonlyArray<{ name: string; days: number }>): JsonObject {
  const days = (name: string): JsonObject | undefined => {
    const f = features.find((x) => x.name === name);
    return f ? { freeTrialDaysRemaining: f.days } : undefined;
  };
  // The deprecated dataSources form, for the features that have one.
  const dataSources: JsonObject = {};
  const put = (key: string, value: JsonObject | undefined): void => {
    if (value) dataSources[key] = value;
  };
  put('cloudTrail', days('CLOUD_TRAIL'));
  put('dnsLogs', days('DNS_LOGS'));
  put('flowLogs', days('FLOW_LOGS'));
  put('s3Logs', days('S3_DATA_EVENTS'));
  const audit = days('EKS_AUDIT_LOGS');
  if (audit) dataSources.kubernetes = { auditLogs: audit };
  const ebs = days('EBS_MALWARE_PROTECTION');
  if (ebs) dataSources.malwareProtection = { scanEc2InstanceWithFindings: ebs };
  return { accountId, dataSources, features: features.map((f) => ({ name: f.name, freeTrialDaysRemaining: f.days })) };
}

export const USAGE_ROUTES: readonly TemplateRoute[] = [
  {
    operation: 'GetUsageStatistics',
    method: 'POST',
    uri: '/detector/{DetectorId}/usage/statistics',
    members: ['usageStatisticsType', 'usageCriteria', 'unit', 'maxResults', 'nextToken'],
    handle(ctx) {
      detectorOf(ctx);
      const b = ctx.body;
      const type = required(optEnum<UsageStatisticType>(b, 'usageStatisticsType', USAGE_STATISTIC_TYPES), 'usageStatisticsType');
      const criteria = parseUsageCriteria(b.usageCriteria);
      const unit = optString(b, 'unit');
      // "The currency unit ... Current valid values are USD."
      if (unit !== undefined && unit !== 'USD') throw badRequest(`${INVALID_VALUE} (unit must be USD)`);
      const maxResults = optInt(b, 'maxResults', 1, 50) ?? 50;
      const { member, items } = statisticList(type, select(usageRecords(ctx.state, ctx.region.name), criteria));
      const scope = `GetUsageStatistics/${ctx.region.name}/${type}/${JSON.stringify(criteria)}`;
      const page = paginate(items, maxResults, optString(b, 'nextToken'), scope);
      const out: JsonObject = { usageStatistics: { [member]: page.items } };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'GetRemainingFreeTrialDays',
    method: 'POST',
    uri: '/detector/{DetectorId}/freeTrial/daysRemaining',
    members: ['accountIds'],
    handle(ctx) {
      const d = detectorOf(ctx);
      const ids = required(optStringList(ctx.body, 'accountIds', 1, 50, 12), 'accountIds');
      if (!ids.every((a) => /^\d{12}$/.test(a))) throw badRequest(`${INVALID_VALUE} (accountIds must be 12-digit account ids)`);
      const known = new Map(members(ctx.state, ctx.region.name).map((m) => [m.accountId, m]));
      const accounts: JsonObject[] = [];
      const unprocessed: JsonObject[] = [];
      for (const accountId of [...new Set(ids)]) {
        const member = known.get(accountId);
        if (accountId === ACCOUNT_ID) accounts.push(trialInfo(accountId, trialFeatures(ctx.state, enabledFeatures(d), 0, options.get(ctx.state)?.trialDays)));
        else if (member) accounts.push(trialInfo(accountId, trialFeatures(ctx.state, member.features, member.ageDays)));
        else unprocessed.push({ accountId, result: 'The request is rejected because the account is not a GuardDuty member of the current administrator account.' });
      }
      return { accounts, unprocessedAccounts: unprocessed };
    },
  },
];
