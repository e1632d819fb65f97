// GuardDuty organization operations, as the delegated administrator sees them: DescribeOrganizationConfiguration,
// UpdateOrganizationConfiguration (features merged by name, like UpdateDetector), ListMembers (paginated, 1..50),
// GetMemberDetectors (1..50 ids) and, for the management account, ListOrganizationAdminAccounts.
//
// The account's role comes from configureOrganization(server.state, ...); without it the account is standalone,
// and every organization operation is the 400 a non-administrator gets from AWS. The organization settings are
// stored, not applied to member detectors (AWS applies ALL asynchronously, within 24 hours).

import { ACCOUNT_ID } from './clusters.js';
import { ADDITIONAL, SETTABLE_FEATURES } from './detector.js';
import { badRequest, INVALID_VALUE, NOT_OWNED } from './errors.js';
import { paginate } from './paginate.js';
import { Rng, subSeed } from './prng.js';
import type { RequestContext } from './routes.js';
import type { ServerState } from './state.js';
import { checkInt, isObject, onlyMembers, optBool, optEnum, optStringList, required, type Json, type JsonObject } from './validate.js';
import type { TemplateRoute } from './extra-routes.js';

export type AutoEnable = 'NEW' | 'ALL' | 'NONE';
const LEVELS: readonly AutoEnable[] = ['NEW', 'ALL', 'NONE'];

/** The message AWS sends a caller that is not the organization's GuardDuty administrator. */
export const NOT_ORG_ADMIN = 'The request failed because you do not have required AWS Organization master permission.';
export const BOTH_OR_NEITHER =
  'The request is rejected because you must provide a value for either autoEnableOrganizationMembers or autoEnable, but not both.';

export interface MemberSpec {
  accountId: string;
  /** Default Enabled. ListMembers with onlyAssociated=true (the default) returns only Enabled and Disabled. */
  relationshipStatus?: string;
  email?: string;
  /** The member detector's features, wire form (name/status/additionalConfiguration); default: all DISABLED. */
  features?: Json[];
  /** The member's EKS clusters as the administrator's ListCoverage shows them (only while its runtime monitoring is on). */
  clusters?: MemberClusterSpec[];
}

export interface MemberClusterSpec {
  name: string;
  coverageStatus?: 'HEALTHY' | 'UNHEALTHY';
  issue?: string;
  coveredNodes?: number;
  compatibleNodes?: number;
  managementType?: 'AUTO_MANAGED' | 'MANUAL' | 'DISABLED';
}

export interface OrganizationOptions {
  /** `delegated-admin`: organization operations work; `management`: only ListOrganizationAdminAccounts does. */
  role: 'delegated-admin' | 'management';
  /** Delegated admin: member accounts in every region, a count (generated from the seed) or explicit specs. */
  members?: number | MemberSpec[];
  /** Management account: the delegated administrator it reports (none when omitted). */
  delegatedAdmin?: string;
  /** Initial AutoEnableOrganizationMembers (default NONE). */
  autoEnableOrganizationMembers?: AutoEnable;
  /** Initial feature settings, wire form [{name, autoEnable, additionalConfiguration:[{name, autoEnable}]}]. */
  features?: Json[];
  memberAccountLimitReached?: boolean;
}

interface OrgFeature {
  autoEnable: AutoEnable;
  additional: Map<string, AutoEnable>;
}

interface Member {
  accountId: string;
  relationshipStatus: string;
  email: string;
  detectorId?: string;
  features: Map<string, { status: 'ENABLED' | 'DISABLED'; additional: Map<string, 'ENABLED' | 'DISABLED'> }>;
  clusters: MemberClusterSpec[];
  updatedAt: number;
}

interface OrgRegion {
  members: Member[];
  autoEnableMembers: AutoEnable;
  features: Map<string, OrgFeature>;
}

interface OrgWorld {
  options: OrganizationOptions;
  regions: Map<string, OrgRegion>;
}

const worlds = new WeakMap<ServerState, OrgWorld>();

/** Make the server's account a delegated administrator (with members) or the management account. */
export function configureOrganization(state: ServerState, options: OrganizationOptions): void {
  worlds.set(state, { options, regions: new Map() });
}

/** The organization view of one region (members generated on first use), for tests that assert on state. */
export function orgRegion(state: ServerState, region: string): OrgRegion | undefined {
  const world = worlds.get(state);
  if (!world || world.options.role !== 'delegated-admin') return undefined;
  let r = world.regions.get(region);
  if (!r) {
    r = newOrgRegion(state, world.options, region);
    world.regions.set(region, r);
  }
  return r;
}

/**
 * The member clusters an administrator's ListCoverage adds to its own (routes.ts appends them): those of
 * Enabled members whose runtime monitoring is on, wire form.
 */
export function memberCoverage(state: ServerState, region: string): JsonObject[] {
  const org = state.memberOf === undefined ? orgRegion(state, region) : undefined;
  if (!org) return [];
  // Members do not change once generated; built once, so each ListCoverage page of 50,000 members is not O(N).
  let out = coverageCache.get(org);
  if (!out) coverageCache.set(org, (out = buildMemberCoverage(org)));
  return out;
}

const coverageCache = new WeakMap<OrgRegion, JsonObject[]>();
const byIdCache = new WeakMap<OrgRegion, Map<string, Member>>();

/** The region's members by account id, built once (GetMemberDetectors looks up 50 ids per call). */
function membersById(org: OrgRegion): Map<string, Member> {
  let byId = byIdCache.get(org);
  if (!byId) byIdCache.set(org, (byId = new Map(org.members.map((m) => [m.accountId, m]))));
  return byId;
}

function buildMemberCoverage(org: OrgRegion): JsonObject[] {
  const out: JsonObject[] = [];
  for (const m of org.members) {
    const runtime = ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'].some((f) => m.features.get(f)?.status === 'ENABLED');
    if (m.relationshipStatus !== 'Enabled' || !m.detectorId || !runtime) continue;
    for (const c of m.clusters) {
      const entry: JsonObject = {
        resourceId: c.name,
        detectorId: m.detectorId,
        accountId: m.accountId,
        resourceDetails: {
          resourceType: 'EKS',
          eksClusterDetails: {
            clusterName: c.name,
            coveredNodes: c.coveredNodes ?? 3,
            compatibleNodes: c.compatibleNodes ?? 3,
            managementType: c.managementType ?? 'AUTO_MANAGED',
            addonDetails: { addonVersion: 'v1.10.0-eksbuild.2', addonStatus: c.coverageStatus === 'UNHEALTHY' ? 'DEGRADED' : 'ACTIVE' },
          },
        },
        coverageStatus: c.coverageStatus ?? 'HEALTHY',
        updatedAt: m.updatedAt / 1000,
      };
      if (c.issue !== undefined) entry.issue = c.issue;
      out.push(entry);
    }
  }
  return out;
}

const STATUSES = ['Enabled', 'Enabled', 'Enabled', 'Enabled', 'Enabled', 'Enabled', 'Enabled', 'Disabled', 'Created', 'Invited', 'Removed', 'Resigned', 'EmailVerificationFailed'];

function newOrgRegion(state: ServerState, options: OrganizationOptions, region: string): OrgRegion {
  const features = new Map<string, OrgFeature>();
  for (const name of SETTABLE_FEATURES) {
    features.set(name, { autoEnable: 'NONE', additional: new Map((ADDITIONAL[name] ?? []).map((a) => [a, 'NONE' as AutoEnable])) });
  }
  applyOrgFeatures(features, parseOrgFeatures(options.features) ?? []);
  const rng = new Rng(subSeed(state.config.seed, `members/${region}`));
  const base = state.config.baseTime;
  const specs: MemberSpec[] =
    typeof options.members === 'number'
      ? Array.from({ length: options.members }, (_, i) => generatedMember(rng, i))
      : (options.members ?? []);
  const members = specs.map((spec, i): Member => {
    const status = spec.relationshipStatus ?? 'Enabled';
    const member: Member = {
      accountId: spec.accountId,
      relationshipStatus: status,
      email: spec.email ?? `guardduty+${spec.accountId}@example.com`,
      features: memberFeatures(spec.features),
      clusters: spec.clusters ?? [],
      updatedAt: base - (i % 97) * 3_600_000,
    };
    if (status === 'Enabled' || status === 'Disabled') member.detectorId = rng.hex(32);
    return member;
  });
  return { members, autoEnableMembers: options.autoEnableOrganizationMembers ?? 'NONE', features };
}

/** A deterministic member: mostly Enabled, EKS audit logs usually on, runtime monitoring sometimes. */
function generatedMember(rng: Rng, i: number): MemberSpec {
  const audit = rng.chance(0.85) ? 'ENABLED' : 'DISABLED';
  const runtime = rng.chance(0.6) ? 'ENABLED' : 'DISABLED';
  const addon = rng.chance(0.7) ? 'ENABLED' : 'DISABLED';
  const clusters: MemberClusterSpec[] = Array.from({ length: rng.int(0, 2) }, (_, c) => {
    const ok = rng.chance(0.85);
    return ok
      ? { name: `cluster-${i}-${c}`, coverageStatus: 'HEALTHY', coveredNodes: 3, compatibleNodes: 3 }
      : { name: `cluster-${i}-${c}`, coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', coveredNodes: 0, compatibleNodes: 2, managementType: 'MANUAL' };
  });
  return {
    accountId: String(200_000_000_000 + i * 7 + 1),
    relationshipStatus: rng.pick(STATUSES),
    clusters,
    features: [
      { name: 'EKS_AUDIT_LOGS', status: audit },
      { name: 'EKS_RUNTIME_MONITORING', status: runtime, additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: addon }] },
    ],
  };
}

function memberFeatures(raw: Json[] | undefined): Member['features'] {
  const out: Member['features'] = new Map();
  for (const name of SETTABLE_FEATURES) {
    out.set(name, { status: 'DISABLED', additional: new Map((ADDITIONAL[name] ?? []).map((a) => [a, 'DISABLED' as const])) });
  }
  for (const f of raw ?? []) {
    if (!isObject(f) || typeof f.name !== 'string') continue;
    const state = out.get(f.name);
    if (!state) continue;
    state.status = f.status === 'ENABLED' ? 'ENABLED' : 'DISABLED';
    for (const a of Array.isArray(f.additionalConfiguration) ? f.additionalConfiguration : []) {
      if (isObject(a) && typeof a.name === 'string') state.additional.set(a.name, a.status === 'ENABLED' ? 'ENABLED' : 'DISABLED');
    }
  }
  return out;
}

interface OrgFeatureRequest {
  name: string;
  autoEnable: AutoEnable;
  additional: Array<{ name: string; autoEnable: AutoEnable }>;
}

/** The wire `features` of UpdateOrganizationConfiguration, validated like the service does. */
function parseOrgFeatures(raw: Json | undefined): OrgFeatureRequest[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badRequest(`${INVALID_VALUE} (features must be a list)`);
  const seen = new Set<string>();
  const out = raw.map((entry, i): OrgFeatureRequest => {
    if (!isObject(entry)) throw badRequest(INVALID_VALUE);
    onlyMembers(entry, ['name', 'autoEnable', 'additionalConfiguration'], `features[${i}].`);
    const name = entry.name;
    if (typeof name !== 'string' || !(SETTABLE_FEATURES as readonly string[]).includes(name)) throw badRequest(INVALID_VALUE);
    const autoEnable = required(optEnum<AutoEnable>(entry, 'autoEnable', LEVELS), `features[${i}].autoEnable`);
    if (seen.has(name)) throw badRequest(`${INVALID_VALUE} (feature ${name} is listed more than once)`);
    seen.add(name);
    const allowed = ADDITIONAL[name] ?? [];
    const extra = entry.additionalConfiguration;
    const additional: OrgFeatureRequest['additional'] = [];
    if (extra !== undefined && extra !== null) {
      if (!Array.isArray(extra)) throw badRequest(INVALID_VALUE);
      const seenExtra = new Set<string>();
      extra.forEach((a, j) => {
        if (!isObject(a)) throw badRequest(INVALID_VALUE);
        onlyMembers(a, ['name', 'autoEnable'], `features[${i}].additionalConfiguration[${j}].`);
        const aName = a.name;
        if (typeof aName !== 'string' || !allowed.includes(aName)) throw badRequest(`${INVALID_VALUE} (${String(aName)} does not apply to ${name})`);
        if (seenExtra.has(aName)) throw badRequest(`${INVALID_VALUE} (${aName} is listed more than once)`);
        seenExtra.add(aName);
        additional.push({ name: aName, autoEnable: required(optEnum<AutoEnable>(a, 'autoEnable', LEVELS), 'autoEnable') });
      });
    }
    return { name, autoEnable, additional };
  });
  if (seen.has('EKS_RUNTIME_MONITORING') && seen.has('RUNTIME_MONITORING')) {
    throw badRequest(
      'The request is rejected because EKS Runtime Monitoring (EKS_RUNTIME_MONITORING) and Runtime Monitoring ' +
        '(RUNTIME_MONITORING) cannot both be specified; Runtime Monitoring already includes threat detection for Amazon EKS resources.',
    );
  }
  return out;
}

function applyOrgFeatures(features: Map<string, OrgFeature>, requested: readonly OrgFeatureRequest[]): void {
  for (const req of requested) {
    const f = features.get(req.name);
    if (!f) continue;
    f.autoEnable = req.autoEnable;
    for (const a of req.additional) f.additional.set(a.name, a.autoEnable);
  }
}

function detectorOf(ctx: RequestContext): string {
  const d = ctx.region.detector;
  if (!d || d.id !== ctx.detectorId) throw badRequest(NOT_OWNED);
  return d.id;
}

/** The administrator's organization view, or the 400 a standalone, member or management account gets. */
function adminRegion(ctx: RequestContext): OrgRegion {
  detectorOf(ctx);
  const org = ctx.state.memberOf === undefined ? orgRegion(ctx.state, ctx.region.name) : undefined;
  if (!org) throw badRequest(NOT_ORG_ADMIN);
  return org;
}

function maxResultsParam(query: URLSearchParams): number {
  const raw = query.get('maxResults');
  return raw === null ? 50 : checkInt(/^-?\d+$/.test(raw) ? Number(raw) : NaN, 'maxResults', 1, 50);
}

function describe(org: OrgRegion, limitReached: boolean): JsonObject {
  const on = (name: string) => org.features.get(name)?.autoEnable !== 'NONE';
  return {
    autoEnable: org.autoEnableMembers !== 'NONE',
    memberAccountLimitReached: limitReached,
    // The deprecated form is still returned; derived from the features, as on GetDetector.
    dataSources: {
      s3Logs: { autoEnable: on('S3_DATA_EVENTS') },
      kubernetes: { auditLogs: { autoEnable: on('EKS_AUDIT_LOGS') } },
      malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: { autoEnable: on('EBS_MALWARE_PROTECTION') } } },
    },
    features: [...org.features.entries()].map(([name, f]) => {
      const entry: JsonObject = { name, autoEnable: f.autoEnable };
      if (f.additional.size > 0) entry.additionalConfiguration = [...f.additional.entries()].map(([n, a]) => ({ name: n, autoEnable: a }));
      return entry;
    }),
    autoEnableOrganizationMembers: org.autoEnableMembers,
  };
}

const ASSOCIATED = new Set(['Enabled', 'Disabled']);
const ACCOUNT_ID_RE = /^\d{12}$/;

function memberToWire(m: Member): JsonObject {
  const out: JsonObject = {
    accountId: m.accountId,
    masterId: ACCOUNT_ID,
    email: m.email,
    relationshipStatus: m.relationshipStatus,
    invitedAt: new Date(m.updatedAt - 86_400_000).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
    administratorId: ACCOUNT_ID,
  };
  if (m.detectorId) out.detectorId = m.detectorId;
  return out;
}

function memberDetectorToWire(m: Member): JsonObject {
  const secs = m.updatedAt / 1000;
  const status = (name: string) => m.features.get(name)?.status ?? 'DISABLED';
  return {
    accountId: m.accountId,
    dataSources: {
      cloudTrail: { status: 'ENABLED' },
      dnsLogs: { status: 'ENABLED' },
      flowLogs: { status: 'ENABLED' },
      s3Logs: { status: status('S3_DATA_EVENTS') },
      kubernetes: { auditLogs: { status: status('EKS_AUDIT_LOGS') } },
    },
    features: [...m.features.entries()].map(([name, f]) => {
      const entry: JsonObject = { name, status: f.status, updatedAt: secs };
      if (f.additional.size > 0) {
        entry.additionalConfiguration = [...f.additional.entries()].map(([n, s]) => ({ name: n, status: s, updatedAt: secs }));
      }
      return entry;
    }),
  };
}

export const ORG_ROUTES: readonly TemplateRoute[] = [
  {
    operation: 'DescribeOrganizationConfiguration',
    method: 'GET',
    uri: '/detector/{DetectorId}/admin',
    members: [],
    handle(ctx) {
      const org = adminRegion(ctx);
      maxResultsParam(ctx.query);
      // Everything fits one page; a token we never issued is invalid, as on the service.
      const token = ctx.query.get('nextToken');
      if (token) paginate([], 50, token, `DescribeOrganizationConfiguration/${ctx.region.name}`);
      return describe(org, worlds.get(ctx.state)?.options.memberAccountLimitReached === true);
    },
  },
  {
    operation: 'UpdateOrganizationConfiguration',
    method: 'POST',
    uri: '/detector/{DetectorId}/admin',
    members: ['autoEnable', 'dataSources', 'features', 'autoEnableOrganizationMembers'],
    handle(ctx) {
      const org = adminRegion(ctx);
      const b = ctx.body;
      const autoEnable = optBool(b, 'autoEnable');
      const members = optEnum<AutoEnable>(b, 'autoEnableOrganizationMembers', LEVELS);
      if ((autoEnable === undefined) === (members === undefined)) throw badRequest(BOTH_OR_NEITHER);
      const features = parseOrgFeatures(b.features);
      if (features && b.dataSources !== undefined && b.dataSources !== null) {
        throw badRequest('The request is rejected because it specifies both dataSources and features; use features only.');
      }
      // The deprecated forms still work: autoEnable true means NEW; dataSources become NEW/NONE per feature.
      const legacy = parseOrgDataSources(b.dataSources);
      org.autoEnableMembers = members ?? (autoEnable ? 'NEW' : 'NONE');
      applyOrgFeatures(org.features, features ?? legacy ?? []);
      return {};
    },
  },
  {
    operation: 'ListMembers',
    method: 'GET',
    uri: '/detector/{DetectorId}/member',
    members: [],
    handle(ctx) {
      detectorOf(ctx);
      const maxResults = maxResultsParam(ctx.query);
      const only = ctx.query.get('onlyAssociated') ?? 'true';
      if (only !== 'true' && only !== 'false') throw badRequest(`${INVALID_VALUE} (onlyAssociated must be true or false)`);
      // A standalone or member account has no members: an empty list, not an error.
      const all = ctx.state.memberOf === undefined ? (orgRegion(ctx.state, ctx.region.name)?.members ?? []) : [];
      const listed = only === 'true' ? all.filter((m) => ASSOCIATED.has(m.relationshipStatus)) : all;
      const page = paginate(listed, maxResults, ctx.query.get('nextToken') ?? undefined, `ListMembers/${ctx.region.name}/${only}`);
      const out: JsonObject = { members: page.items.map(memberToWire) };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
  {
    operation: 'GetMemberDetectors',
    method: 'POST',
    uri: '/detector/{DetectorId}/member/detector/get',
    members: ['accountIds'],
    handle(ctx) {
      detectorOf(ctx);
      const ids = required(optStringList(ctx.body, 'accountIds', 1, 50, 12), 'accountIds');
      for (const id of ids) if (!ACCOUNT_ID_RE.test(id)) throw badRequest(`${INVALID_VALUE} (account ids are 12 digits)`);
      const org = ctx.state.memberOf === undefined ? orgRegion(ctx.state, ctx.region.name) : undefined;
      const byId = org ? membersById(org) : new Map<string, Member>();
      const members: Json[] = [];
      const unprocessed: Json[] = [];
      for (const id of new Set(ids)) {
        const m = byId.get(id);
        if (m?.detectorId) members.push(memberDetectorToWire(m));
        else {
          unprocessed.push({
            accountId: id,
            result: m ? `The request is rejected because the member account ${id} is not associated (${m.relationshipStatus}).` : `The request is rejected because the account ${id} is not a member of the current account.`,
          });
        }
      }
      return { members, unprocessedAccounts: unprocessed };
    },
  },
  {
    operation: 'ListOrganizationAdminAccounts',
    method: 'GET',
    uri: '/admin',
    members: [],
    handle(ctx) {
      const maxResults = maxResultsParam(ctx.query);
      const world = worlds.get(ctx.state);
      if (!world || world.options.role !== 'management' || ctx.state.memberOf !== undefined) throw badRequest(NOT_ORG_ADMIN);
      const admins = world.options.delegatedAdmin ? [{ adminAccountId: world.options.delegatedAdmin, adminStatus: 'ENABLED' }] : [];
      const page = paginate(admins, maxResults, ctx.query.get('nextToken') ?? undefined, 'ListOrganizationAdminAccounts');
      const out: JsonObject = { adminAccounts: page.items };
      if (page.nextToken) out.nextToken = page.nextToken;
      return out;
    },
  },
];

/** Deprecated organization dataSources ({s3Logs:{autoEnable}}, ...) as feature requests (true → NEW). */
function parseOrgDataSources(raw: Json | undefined): OrgFeatureRequest[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw badRequest(INVALID_VALUE);
  onlyMembers(raw, ['s3Logs', 'kubernetes', 'malwareProtection'], 'dataSources.');
  const level = (obj: Json | undefined, path: string): AutoEnable => {
    if (!isObject(obj) || typeof obj.autoEnable !== 'boolean') throw badRequest(`${INVALID_VALUE} (${path}.autoEnable is required)`);
    return obj.autoEnable ? 'NEW' : 'NONE';
  };
  const out: OrgFeatureRequest[] = [];
  if (raw.s3Logs !== undefined) out.push({ name: 'S3_DATA_EVENTS', autoEnable: level(raw.s3Logs, 'dataSources.s3Logs'), additional: [] });
  if (raw.kubernetes !== undefined) {
    const k = isObject(raw.kubernetes) ? raw.kubernetes.auditLogs : undefined;
    out.push({ name: 'EKS_AUDIT_LOGS', autoEnable: level(k, 'dataSources.kubernetes.auditLogs'), additional: [] });
  }
  if (raw.malwareProtection !== undefined) {
    const scan = isObject(raw.malwareProtection) ? raw.malwareProtection.scanEc2InstanceWithFindings : undefined;
    const ebs = isObject(scan) ? scan.ebsVolumes : undefined;
    out.push({ name: 'EBS_MALWARE_PROTECTION', autoEnable: level(ebs, 'dataSources.malwareProtection.scanEc2InstanceWithFindings.ebsVolumes'), additional: [] });
  }
  return out;
}
