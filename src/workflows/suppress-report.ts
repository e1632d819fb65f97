import type { Report } from '../domain/report.js';
import type { SuppressResult } from '../domain/suppress-result.js';
import type { WriteView } from '../domain/write-result.js';

/**
 * Blast-radius warnings: the table shows them in the plan, on stdout; with -o json/ndjson stdout is data,
 * so they go to stderr as well (they are in each result's `warnings` too).
 */
export function withWarningMessages(report: Report<WriteView<SuppressResult>>): Report<WriteView<SuppressResult>> {
  const results = report.output?.view.results ?? [];
  const warnings = results.flatMap((r) => r.warnings.map((w) => ({ kind: 'note' as const, text: `${r.region}: WARNING: ${r.rule ? `${r.rule.name}: ` : ''}${w}`, when: { table: false } })));
  return { ...report, messages: [...warnings, ...report.messages] };
}
