import type { Message } from '../domain/report.js';
import { failedSuppress, type SuppressResult } from '../domain/suppress-result.js';
import type { RegionWriteOptions } from './region-write.js';

/**
 * Blast-radius warnings: the table shows them in the plan, on stdout; with -o json/ndjson stdout is data,
 * so they go to stderr as well (they are in each result's `warnings` too).
 */
export function warningMessages(results: readonly SuppressResult[]): Message[] {
  return results.flatMap((r) => r.warnings.map((w) => ({ kind: 'note' as const, text: `${r.region}: WARNING: ${r.rule ? `${r.rule.name}: ` : ''}${w}`, when: { table: false } })));
}

/** The write options every `suppress` command runs with. */
export const SUPPRESS_WRITE: RegionWriteOptions<SuppressResult> = { failed: failedSuppress, messages: warningMessages };
