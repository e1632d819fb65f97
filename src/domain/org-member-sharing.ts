import type { MemberReport } from './org-status.js';
import type { FeatureState } from './status-model.js';

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
