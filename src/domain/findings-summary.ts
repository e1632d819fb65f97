import type { Finding } from '@aws-sdk/client-guardduty';
import type { SortKey } from './findings-criteria.js';
import { compareFindings } from './findings-order.js';
import { SEVERITY_NAMES, scoreOf, severityName, type SeverityName } from './severity.js';

export type SeverityCounts = Record<SeverityName, number>;

export function emptyCounts(): SeverityCounts {
  return { low: 0, medium: 0, high: 0, critical: 0 };
}

export function addToCounts(counts: SeverityCounts, findings: readonly Finding[]): void {
  for (const f of findings) counts[severityName(scoreOf(f.Severity))]++;
}

/** `12 findings: 1 critical, 3 high, 8 medium` (bands with none are left out). */
export function summaryLine(counts: SeverityCounts): string {
  const total = SEVERITY_NAMES.reduce((n, s) => n + counts[s], 0);
  if (total === 0) return 'no findings';
  const parts = [...SEVERITY_NAMES]
    .reverse()
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${total} finding${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/**
 * `--fail-on high: 3 findings at high or above (1 of them a sample)`. Sample findings count, since testing a
 * CI gate or an alerting pipeline is what they are for; saying so spares a surprised look at a failed build.
 */
export function failOnLine(threshold: string, tripped: number, samples: number): string {
  const note = samples === 0 ? '' : samples < tripped ? ` (${samples} of them ${samples === 1 ? 'a sample' : 'samples'})` : tripped === 1 ? ' (a sample)' : ' (all samples)';
  return `--fail-on ${threshold}: ${tripped} finding${tripped === 1 ? '' : 's'} at ${threshold} or above${note}`;
}

/** The display order (see compareFindings in src/domain/findings-order.ts). */
export function sortForDisplay(findings: readonly Finding[], sort: SortKey): Finding[] {
  return [...findings].sort(compareFindings(sort));
}
