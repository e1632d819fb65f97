import type { Report } from '../domain/report.js';
import { addRegions } from '../domain/usage.js';
import { usageTotalJson } from '../domain/usage-json.js';
import type { OrgRegionUsage, RegionUsage, UsageTotal } from '../domain/usage-model.js';
import type { RegionOutcome } from './fanout.js';
import { statusReport } from './status-report.js';

/**
 * The report of `usage` and `usage --organization`: the regions, and with several of them their sum, as the
 * table's view, one JSON document and NDJSON lines (each region, then `{"total": …}`).
 */
export function usageReport<R extends RegionUsage | OrgRegionUsage>(
  outcomes: ReadonlyArray<RegionOutcome<R>>,
  regions: R[],
  toJson: (r: R) => unknown,
  errorLine: (r: R) => string | undefined,
): Report<{ regions: R[]; total: UsageTotal | null }> {
  const total = regions.length > 1 ? addRegions(regions) : null;
  const json = regions.map(toJson);
  const totalJson = total ? usageTotalJson(total) : undefined;
  return statusReport({
    reports: regions,
    outcomes,
    output: {
      view: { regions, total },
      document: { regions: json, ...(totalJson ? { total: totalJson } : {}) },
      lines: [...json, ...(totalJson ? [{ total: totalJson }] : [])],
    },
    errorLine,
  });
}
