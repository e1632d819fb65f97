import { paginateListCoverage, type CoverageFilterCriterion, type CoverageResource } from '@aws-sdk/client-guardduty';
import type { CoverageEntry } from '../domain/status-model.js';
import { AwsError } from '../errors.js';
import type { GuardDutyWire } from './guardduty-wire.js';
import { isUnsupportedOperation } from './errors.js';
import { checkedPages } from './pages.js';

/**
 * GuardDuty's runtime coverage of the region's EKS clusters (ListCoverage filtered to resource type EKS, every
 * page). `clusterNames` narrows it server-side to any of them (EKS_CLUSTER_NAME; CLUSTER_NAME is deprecated).
 */
export async function listEksCoverage(gd: GuardDutyWire, detectorId: string, clusterNames?: readonly string[], onPage?: (entries: number) => void): Promise<CoverageEntry[]> {
  const entries: CoverageEntry[] = [];
  await readEksCoverage(gd, detectorId, clusterNames, (page, listed) => {
    entries.push(...page);
    onPage?.(listed);
  });
  return entries;
}

/** listEksCoverage's pages, each page's entries handed to `onPage` as it arrives (with its resource count) and none held. */
export async function readEksCoverage(
  gd: GuardDutyWire,
  detectorId: string,
  clusterNames: readonly string[] | undefined,
  onPage: (entries: CoverageEntry[], listed: number) => void,
): Promise<void> {
  const criteria: CoverageFilterCriterion[] = [{ CriterionKey: 'RESOURCE_TYPE', FilterCondition: { Equals: ['EKS'] } }];
  if (clusterNames !== undefined) criteria.push({ CriterionKey: 'EKS_CLUSTER_NAME', FilterCondition: { Equals: [...clusterNames] } });
  try {
    await gd.call('ListCoverage', async (options) => {
      const pages = paginateListCoverage({ client: gd.client, pageSize: 50 }, { DetectorId: detectorId, FilterCriteria: { FilterCriterion: criteria } }, options);
      for await (const page of checkedPages('ListCoverage', gd.region, pages, { token: (p) => p.NextToken, items: (p) => p.Resources?.length ?? 0 })) {
        const entries: CoverageEntry[] = [];
        for (const r of page.Resources ?? []) {
          const entry = toEntry(r);
          if (entry) entries.push(entry);
        }
        onPage(entries, page.Resources?.length ?? 0);
      }
    });
  } catch (e) {
    // A local endpoint (moto) that lacks ListCoverage answers 404 with an HTML page; say that, not "SyntaxError".
    if (e instanceof AwsError && isUnsupportedOperation(e.cause)) {
      throw new AwsError(`ListCoverage is not supported by the GuardDuty endpoint in ${gd.region}`, {
        code: 'UnsupportedOperation',
        region: gd.region,
        operation: 'ListCoverage',
        cause: e.cause,
      });
    }
    throw e;
  }
}

/** Flattens one CoverageResource; entries of other resource types (the filter should exclude them) are dropped. */
export function toEntry(r: CoverageResource): CoverageEntry | undefined {
  const details = r.ResourceDetails;
  if (details?.ResourceType !== undefined && details.ResourceType !== 'EKS') return undefined;
  const eks = details?.EksClusterDetails;
  const clusterName = eks?.ClusterName ?? r.ResourceId;
  if (!clusterName) return undefined;
  return {
    clusterName,
    accountId: r.AccountId ?? null,
    coverageStatus: r.CoverageStatus ?? 'UNKNOWN',
    issue: r.Issue ?? null,
    addonVersion: eks?.AddonDetails?.AddonVersion ?? null,
    addonStatus: eks?.AddonDetails?.AddonStatus ?? null,
    managementType: eks?.ManagementType ?? null,
    coveredNodes: eks?.CoveredNodes ?? null,
    compatibleNodes: eks?.CompatibleNodes ?? null,
  };
}
