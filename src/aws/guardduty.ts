import {
  CreateDetectorCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  paginateListDetectors,
  UpdateDetectorCommand,
  type CreateDetectorCommandInput,
  type Finding,
  type FindingCriteria,
  type GuardDutyClient,
  type UpdateDetectorCommandInput,
} from '@aws-sdk/client-guardduty';
import type { CurrentDestination } from '../domain/destination-plan.js';
import type { CurrentOrgConfig, OrgUpdateRequest } from '../domain/org-plan.js';
import type { CoverageEntry } from '../domain/status-model.js';
import type { Rule } from '../domain/suppress-rule.js';
import type { FreeTrialDays, TopAccounts, UsageRow } from '../domain/usage-model.js';
import { AwsError } from '../errors.js';
import { createGuardDutyClient } from './clients.js';
import { listEksCoverage, readEksCoverage } from './coverage.js';
import { callAws } from './errors.js';
import { checkedPages } from './pages.js';
import { checkShape } from './response-shape.js';
import * as destinations from './guardduty-destinations.js';
import * as filters from './guardduty-filters.js';
import * as findings from './guardduty-findings.js';
import * as org from './guardduty-org.js';
import * as usage from './guardduty-usage.js';
import type { GuardDutyWire } from './guardduty-wire.js';
import type {
  AdminAccount,
  Administrator,
  DestinationProperties,
  Detector,
  DetectorWrite,
  FindingsQuery,
  GuardDutyPort,
  MemberAccount,
  MemberDetectors,
  StatisticsGroup,
  StatisticsGroupBy,
  StreamSummary,
  UsageListType,
  UsageQuery,
} from './ports.js';
import type { AwsSettings } from './settings.js';

/**
 * The GuardDuty adapter of one region: every operation goes through `call`, so errors are translated once and
 * Ctrl-C aborts in-flight requests. Pagination is flattened here and in the operation files it delegates to
 * (guardduty-findings.ts, guardduty-org.ts, guardduty-destinations.ts, coverage.ts); the client stays inside.
 */
export class GuardDuty implements GuardDutyPort {
  readonly #wire: GuardDutyWire;

  constructor(
    client: GuardDutyClient,
    readonly region: string,
    signal?: AbortSignal,
    profile?: string,
  ) {
    this.#wire = {
      client,
      region,
      signal,
      call: (operation, fn) => callAws({ service: 'guardduty', operation, region, profile }, signal, fn),
    };
  }

  static async open(settings: AwsSettings, region: string, signal?: AbortSignal): Promise<GuardDuty> {
    return new GuardDuty(await createGuardDutyClient(settings, region), region, signal, settings.profile);
  }

  async listDetectorIds(): Promise<string[]> {
    const { client, call } = this.#wire;
    return call('ListDetectors', async (options) => {
      const ids: string[] = [];
      const pages = paginateListDetectors({ client }, {}, options);
      for await (const page of checkedPages('ListDetectors', this.region, pages, { token: (p) => p.NextToken, items: (p) => p.DetectorIds?.length ?? 0 })) {
        ids.push(...(page.DetectorIds ?? []));
      }
      return ids;
    });
  }

  async singleDetectorId(): Promise<string | undefined> {
    const ids = await this.listDetectorIds();
    if (ids.length > 1) {
      throw new AwsError(`${this.region} reports ${ids.length} detectors (${ids.join(', ')}); GuardDuty allows one per account and region`, {
        code: 'MultipleDetectors',
        region: this.region,
        operation: 'ListDetectors',
      });
    }
    return ids[0];
  }

  async getDetector(detectorId: string): Promise<Detector> {
    const { client, call } = this.#wire;
    const d = await call('GetDetector', async (o) =>
      checkShape('GetDetector', this.region, await client.send(new GetDetectorCommand({ DetectorId: detectorId }), o)),
    );
    const featureUpdatedAt: Record<string, string> = {};
    for (const f of d.Features ?? []) if (f.Name && f.UpdatedAt) featureUpdatedAt[f.Name] = new Date(f.UpdatedAt).toISOString();
    const accountId = /^arn:[^:]+:iam::(\d{12}):/.exec(d.ServiceRole ?? '')?.[1];
    return {
      detectorId,
      status: d.Status,
      findingPublishingFrequency: d.FindingPublishingFrequency,
      features: (d.Features ?? []).map((f) => ({
        Name: f.Name,
        Status: f.Status,
        AdditionalConfiguration: f.AdditionalConfiguration?.map((a) => ({ Name: a.Name, Status: a.Status })),
      })),
      ...(d.CreatedAt ? { createdAt: d.CreatedAt } : {}),
      ...(accountId ? { accountId } : {}),
      ...(Object.keys(featureUpdatedAt).length ? { featureUpdatedAt } : {}),
    };
  }

  // Feature names arrive as plain strings (validated against the SDK's enums, or read back from GetDetector),
  // so the SDK's narrower enum types are asserted here, at the boundary.
  async createDetector(input: DetectorWrite & { Enable: boolean }): Promise<string> {
    const { client, call } = this.#wire;
    const out = await call('CreateDetector', async (o) =>
      checkShape('CreateDetector', this.region, await client.send(new CreateDetectorCommand(input as CreateDetectorCommandInput), o)),
    );
    return out.DetectorId ?? '';
  }

  async updateDetector(input: DetectorWrite & { DetectorId: string; Enable?: boolean }): Promise<void> {
    const { client, call } = this.#wire;
    await call('UpdateDetector', (o) => client.send(new UpdateDetectorCommand(input as UpdateDetectorCommandInput), o));
  }

  async getAdministrator(detectorId: string): Promise<Administrator | undefined> {
    const { client, call } = this.#wire;
    const out = await call('GetAdministratorAccount', async (o) =>
      checkShape('GetAdministratorAccount', this.region, await client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }), o)),
    );
    const admin = out.Administrator;
    if (!admin?.AccountId) return undefined;
    return { accountId: admin.AccountId, relationshipStatus: admin.RelationshipStatus ?? 'unknown' };
  }

  streamFindings(query: FindingsQuery, onBatch: (findings: Finding[]) => void | Promise<void>): Promise<StreamSummary> {
    return findings.streamFindings(this.#wire, query, onBatch);
  }

  getFindings(detectorId: string, ids: readonly string[]): Promise<Finding[]> {
    return findings.getFindingsInOrder(this.#wire, detectorId, ids);
  }

  createSampleFindings(detectorId: string, types: readonly string[]): Promise<number> {
    return findings.createSampleFindings(this.#wire, detectorId, types);
  }

  setArchived(detectorId: string, ids: readonly string[], archived: boolean): Promise<void> {
    return findings.setArchived(this.#wire, detectorId, ids, archived);
  }

  listFindingIds(detectorId: string, criteria: FindingCriteria): Promise<string[]> {
    return filters.listFindingIds(this.#wire, detectorId, criteria);
  }

  findingStatistics(detectorId: string, criteria: FindingCriteria, groupBy: StatisticsGroupBy, maxResults: number): Promise<StatisticsGroup[]> {
    return filters.findingStatistics(this.#wire, detectorId, criteria, groupBy, maxResults);
  }

  listFilterNames(detectorId: string): Promise<string[]> {
    return filters.listFilterNames(this.#wire, detectorId);
  }

  getFilter(detectorId: string, name: string): Promise<Rule> {
    return filters.getFilter(this.#wire, detectorId, name);
  }

  createFilter(detectorId: string, rule: Rule): Promise<void> {
    return filters.createFilter(this.#wire, detectorId, rule);
  }

  updateFilter(detectorId: string, rule: Rule): Promise<void> {
    return filters.updateFilter(this.#wire, detectorId, rule);
  }

  deleteFilter(detectorId: string, name: string): Promise<void> {
    return filters.deleteFilter(this.#wire, detectorId, name);
  }

  listEksCoverage(detectorId: string, clusterNames?: readonly string[], onPage?: (entries: number) => void): Promise<CoverageEntry[]> {
    return listEksCoverage(this.#wire, detectorId, clusterNames, onPage);
  }

  readEksCoverage(detectorId: string, clusterNames: readonly string[] | undefined, onPage: (entries: CoverageEntry[], listed: number) => void): Promise<void> {
    return readEksCoverage(this.#wire, detectorId, clusterNames, onPage);
  }

  describeOrganizationConfiguration(detectorId: string): Promise<CurrentOrgConfig> {
    return org.describeOrganizationConfiguration(this.#wire, detectorId);
  }

  updateOrganizationConfiguration(request: OrgUpdateRequest): Promise<void> {
    return org.updateOrganizationConfiguration(this.#wire, request);
  }

  listOrganizationAdminAccounts(): Promise<AdminAccount[]> {
    return org.listOrganizationAdminAccounts(this.#wire);
  }

  listMembers(detectorId: string, onPage?: (members: MemberAccount[]) => void): Promise<MemberAccount[]> {
    return org.listMembers(this.#wire, detectorId, onPage);
  }

  getMemberDetectors(detectorId: string, accountIds: readonly string[]): Promise<MemberDetectors> {
    return org.getMemberDetectors(this.#wire, detectorId, accountIds);
  }

  getUsage(detectorId: string, type: UsageListType, query: UsageQuery): Promise<UsageRow[]> {
    return usage.getUsage(this.#wire, detectorId, type, query);
  }

  getTopAccountsByFeature(detectorId: string, query: UsageQuery): Promise<TopAccounts[]> {
    return usage.getTopAccountsByFeature(this.#wire, detectorId, query);
  }

  getRemainingFreeTrialDays(detectorId: string, accountIds: readonly string[]): Promise<FreeTrialDays> {
    return usage.getRemainingFreeTrialDays(this.#wire, detectorId, accountIds);
  }

  listPublishingDestinations(detectorId: string): Promise<CurrentDestination[]> {
    return destinations.listPublishingDestinations(this.#wire, detectorId);
  }

  describePublishingDestination(detectorId: string, destinationId: string): Promise<CurrentDestination> {
    return destinations.describePublishingDestination(this.#wire, detectorId, destinationId);
  }

  createPublishingDestination(detectorId: string, properties: DestinationProperties): Promise<string> {
    return destinations.createPublishingDestination(this.#wire, detectorId, properties);
  }

  updatePublishingDestination(detectorId: string, destinationId: string, properties: DestinationProperties): Promise<void> {
    return destinations.updatePublishingDestination(this.#wire, detectorId, destinationId, properties);
  }
}
