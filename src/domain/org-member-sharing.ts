import type { MemberReport } from './org-status.js';
import type { CoverageEntry, FeatureState } from './status-model.js';

/**
 * One copy of what members' reports repeat: an organization of 50,000 has a handful of feature combinations,
 * relationship statuses and reasons, which were otherwise held 50,000 times over until the report was printed.
 * Reports keep their fields and values; only equal values become the same object. Pure.
 */
export class MemberSharing {
  readonly #strings = new Map<string, string>();
  readonly #features = new Map<string, FeatureState[]>();

  string(s: string): string;
  string(s: string | null): string | null;
  string(s: string | null): string | null {
    if (s === null) return null;
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    this.#strings.set(s, s);
    return s;
  }

  /**
   * What a member's report needs of one coverage entry, kept from the moment its ListCoverage page arrives until
   * the member is judged: its repeated values shared, and neither the account id (the entry is kept under it) nor
   * the add-on's status (a member's report does not show it).
   */
  coverage(e: CoverageEntry): CoverageEntry {
    return {
      clusterName: e.clusterName,
      accountId: null,
      coverageStatus: this.string(e.coverageStatus),
      issue: this.string(e.issue),
      addonVersion: this.string(e.addonVersion),
      addonStatus: null,
      managementType: this.string(e.managementType),
      coveredNodes: e.coveredNodes,
      compatibleNodes: e.compatibleNodes,
    };
  }

  /** `report` with its repeated values shared (it is changed in place, and returned). */
  member(report: MemberReport): MemberReport {
    report.relationshipStatus = this.string(report.relationshipStatus);
    report.reason = this.string(report.reason);
    if (report.features) {
      const key = JSON.stringify(report.features.map((f) => [f.name, f.status, f.eksAddonManagement]));
      const known = this.#features.get(key);
      if (known) report.features = known;
      else this.#features.set(key, report.features);
    }
    for (const c of report.clusters ?? []) {
      c.coverageStatus = this.string(c.coverageStatus);
      c.issue = this.string(c.issue);
      c.addonVersion = this.string(c.addonVersion);
      c.managementType = this.string(c.managementType);
    }
    return report;
  }
}
