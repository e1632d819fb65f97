import type { Finding, FindingCriteria, SortCriteria } from '@aws-sdk/client-guardduty';
import type { CurrentDestination } from '../domain/destination-plan.js';
import type { CurrentDetector } from '../domain/enable-plan.js';
import type { Feature, ReportedFeature } from '../domain/features.js';
import type { CurrentOrgConfig, OrgUpdateRequest } from '../domain/org-plan.js';
import type { ClusterDetails, CoverageEntry, EksAddon } from '../domain/status-model.js';
import type { Rule } from '../domain/suppress-rule.js';
import type { FreeTrialDays, TopAccounts, UsageRow } from '../domain/usage-model.js';

/**
 * The AWS services gdeks uses, one port each, listing only the operations gdeks calls. Results come back in
 * these types (or the domain's models); pagination, retries and error translation (every failure is an
 * AwsError naming the operation and region) happen inside the adapters (src/aws/guardduty.ts, src/aws/eks.ts),
 * whose SDK clients never leave them. Workflows take ports, so a test can hand them a fake.
 */

/** A detector as GetDetector reports it. */
export interface Detector extends CurrentDetector {
  /** When it was created (ISO 8601). */
  createdAt?: string;
  /** The account that owns it, read from its service-linked role's ARN (GetDetector's ServiceRole). */
  accountId?: string;
  /** When each feature last changed (ISO 8601), by feature name. */
  featureUpdatedAt?: Record<string, string>;
}

/** The writable part of a detector: the SDK's field names, names validated before they get here. */
export interface DetectorWrite {
  Features?: Array<Feature<string>>;
  FindingPublishingFrequency?: string;
}

export interface Administrator {
  accountId: string;
  relationshipStatus: string;
}

export interface FindingsQuery {
  detectorId: string;
  criteria: FindingCriteria;
  sort: SortCriteria;
  /** Stop listing once this many ids have been listed. */
  limit?: number;
}

export interface StreamSummary {
  /** Findings handed to onBatch. */
  delivered: number;
  /** The listing stopped at --limit while GuardDuty still had a next page. */
  truncated: boolean;
}

export interface AdminAccount {
  accountId: string;
  status: string;
}

export interface MemberAccount {
  accountId: string;
  relationshipStatus: string;
  detectorId?: string;
}

export interface MemberFeatures {
  accountId: string;
  features: ReportedFeature[];
}

export interface MemberDetectors {
  members: MemberFeatures[];
  /** Accounts GuardDuty could not report on, with its reason. */
  unprocessed: Array<{ accountId: string; result: string }>;
}

/** The GetUsageStatistics types answered as one list of rows. */
export type UsageListType = 'SUM_BY_FEATURES' | 'SUM_BY_ACCOUNT' | 'SUM_BY_RESOURCE' | 'TOP_RESOURCES';

/** UsageCriteria: feature names are the SDK's UsageFeature values. */
export interface UsageQuery {
  accountIds?: readonly string[];
  features?: readonly string[];
  resources?: readonly string[];
}

export interface DestinationProperties {
  DestinationArn: string;
  KmsKeyArn: string;
}

/** How GetFindingsStatistics groups its counts (GroupBy). */
export type StatisticsGroupBy = 'SEVERITY' | 'FINDING_TYPE' | 'RESOURCE';

export interface StatisticsGroup {
  key: string;
  count: number;
}

/** GuardDuty in one region. */
export interface GuardDutyPort {
  readonly region: string;
  /** The region's detector id, or undefined when GuardDuty is off there (more than one: an AwsError). */
  singleDetectorId(): Promise<string | undefined>;
  getDetector(detectorId: string): Promise<Detector>;
  createDetector(input: DetectorWrite & { Enable: boolean }): Promise<string>;
  updateDetector(input: DetectorWrite & { DetectorId: string; Enable?: boolean }): Promise<void>;
  /** The GuardDuty administrator of this account, if it is a member; undefined for a standalone account. */
  getAdministrator(detectorId: string): Promise<Administrator | undefined>;

  /** Lists matching findings and fetches them in full, batch by batch, in ListFindings order. */
  streamFindings(query: FindingsQuery, onBatch: (findings: Finding[]) => void | Promise<void>): Promise<StreamSummary>;
  /** GetFindings for any number of ids, in the order of `ids`; ids GuardDuty does not know are left out. */
  getFindings(detectorId: string, ids: readonly string[]): Promise<Finding[]>;
  /** CreateSampleFindings; returns how many types were requested. */
  createSampleFindings(detectorId: string, types: readonly string[]): Promise<number>;
  setArchived(detectorId: string, ids: readonly string[], archived: boolean): Promise<void>;

  /** ListFindings alone: the ids of every matching finding. */
  listFindingIds(detectorId: string, criteria: FindingCriteria): Promise<string[]>;
  /** GetFindingsStatistics with GroupBy: at most `maxResults` groups (1–100), largest first; it has no next page. */
  findingStatistics(detectorId: string, criteria: FindingCriteria, groupBy: StatisticsGroupBy, maxResults: number): Promise<StatisticsGroup[]>;

  /** Filters (saved views and suppression rules): every name, in rank order. */
  listFilterNames(detectorId: string): Promise<string[]>;
  getFilter(detectorId: string, name: string): Promise<Rule>;
  createFilter(detectorId: string, rule: Rule): Promise<void>;
  /** Sends action and criteria, and rank and description when the rule has them. */
  updateFilter(detectorId: string, rule: Rule): Promise<void>;
  deleteFilter(detectorId: string, name: string): Promise<void>;

  /** GuardDuty's runtime coverage of the region's EKS clusters, narrowed to one cluster name if given. */
  /** `onPage` hears each page's entry count as it arrives (progress). */
  listEksCoverage(detectorId: string, clusterNames?: readonly string[], onPage?: (entries: number) => void): Promise<CoverageEntry[]>;
  /**
   * The same coverage, each page's entries handed to `onPage` as it arrives and none held here (an organization's
   * coverage is tens of thousands of entries); `listed` is the page's resource count, as listEksCoverage's onPage has it.
   */
  readEksCoverage(detectorId: string, clusterNames: readonly string[] | undefined, onPage: (entries: CoverageEntry[], listed: number) => void): Promise<void>;

  describeOrganizationConfiguration(detectorId: string): Promise<CurrentOrgConfig>;
  updateOrganizationConfiguration(request: OrgUpdateRequest): Promise<void>;
  /** The organization's delegated administrators. Only the management account may ask. */
  listOrganizationAdminAccounts(): Promise<AdminAccount[]>;
  /** Every member; `onPage` is handed each page as it arrives, so work on it can start before the last page. */
  listMembers(detectorId: string, onPage?: (members: MemberAccount[]) => void): Promise<MemberAccount[]>;
  getMemberDetectors(detectorId: string, accountIds: readonly string[]): Promise<MemberDetectors>;

  /** GetUsageStatistics (last 30 days, USD), every page; amounts as the API gives them. */
  getUsage(detectorId: string, type: UsageListType, query: UsageQuery): Promise<UsageRow[]>;
  getTopAccountsByFeature(detectorId: string, query: UsageQuery): Promise<TopAccounts[]>;
  /** Free-trial days left per feature, for any number of accounts (the caller's own, or members'). */
  getRemainingFreeTrialDays(detectorId: string, accountIds: readonly string[]): Promise<FreeTrialDays>;

  listPublishingDestinations(detectorId: string): Promise<CurrentDestination[]>;
  describePublishingDestination(detectorId: string, destinationId: string): Promise<CurrentDestination>;
  createPublishingDestination(detectorId: string, properties: DestinationProperties): Promise<string>;
  updatePublishingDestination(detectorId: string, destinationId: string, properties: DestinationProperties): Promise<void>;
}

/** EKS in one region. */
export interface EksPort {
  readonly region: string;
  /** Every cluster name in the region. */
  listClusterNames(): Promise<string[]>;
  describeCluster(name: string): Promise<ClusterDetails>;
  /** The cluster's `aws-guardduty-agent` add-on (absent when not installed). */
  describeGuardDutyAddon(cluster: string): Promise<EksAddon>;
  /** Fargate profiles and no managed node group. */
  isFargateOnly(cluster: string): Promise<boolean>;
}

/** The AWS Account Management API (a global service: one endpoint per partition, us-east-1 in aws). */
export interface AccountPort {
  /**
   * The regions enabled for the caller's account (ListRegions, ENABLED and ENABLED_BY_DEFAULT, every page), in
   * the order listed. Denied or unanswerable: an AwsError that names account:ListRegions and the way around it.
   */
  listEnabledRegions(): Promise<string[]>;
}

/** Opens a service's port in a region: what a workflow is given instead of clients. */
export interface Ports {
  guardDuty(region: string): Promise<GuardDutyPort>;
  eks(region: string): Promise<EksPort>;
}
