import type { OrgRegionStatus } from './org-status.js';
import type { RegionStatus } from './status-model.js';

/**
 * `status -o json`: `{"regions":[...]}`, one object per region in the order given (the shape is documented
 * in the README and in src/domain/status-model.ts). Keys are fixed here, so internal fields never leak.
 */
export function renderStatusJson(reports: readonly RegionStatus[]): string {
  return `${JSON.stringify({ regions: reports.map(regionJson) }, null, 2)}\n`;
}

/** `-o ndjson`: one region object per line. */
export function renderStatusNdjson(reports: readonly RegionStatus[]): string {
  return reports.map((r) => `${JSON.stringify(regionJson(r))}\n`).join('');
}

export function regionJson(r: RegionStatus): object {
  return {
    region: r.region,
    detector: r.detector && {
      id: r.detector.id,
      status: r.detector.status,
      findingPublishingFrequency: r.detector.findingPublishingFrequency,
      features: r.detector.features.map((f) => ({ name: f.name, status: f.status, eksAddonManagement: f.eksAddonManagement })),
    },
    clusters: r.clusters.map((c) => ({
      name: c.name,
      verdict: c.verdict,
      reason: c.reason,
      fix: c.fix,
      coverageStatus: c.coverageStatus,
      issue: c.issue,
      addonVersion: c.addonVersion,
      addonStatus: c.addonStatus,
      managementType: c.managementType,
      coveredNodes: c.coveredNodes,
      compatibleNodes: c.compatibleNodes,
      eksAddon: c.eksAddon,
      guardDutyManagedTag: c.guardDutyManagedTag,
      fargateOnly: c.fargateOnly,
    })),
    summary: r.summary,
    notes: r.notes,
    problems: r.problems,
    ...(r.error ? { error: r.error } : {}),
  };
}

/** `status --organization -o json`: a region object of `{"regions":[...]}`, as `status` has; keys fixed here. */
export function orgRegionJson(r: OrgRegionStatus): object {
  return {
    region: r.region,
    detectorId: r.detectorId,
    organization: r.organization,
    // A MemberReport is the JSON's member as it is (judgeMember builds it in this order): no copy of 50,000 of them.
    members: r.members,
    summary: r.summary,
    notes: r.notes,
    problems: r.problems,
    ...(r.error ? { error: r.error } : {}),
  };
}
