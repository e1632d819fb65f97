import type { WriteMode, WriteResult, WriteView } from '../domain/write-result.js';
import { code, type MarkdownTable } from './records.js';

/**
 * `enable -o markdown` (plans with --dry-run / --check, and what was applied): one row per change, and a row for
 * a region with none, each with the region's outcome, for `$GITHUB_STEP_SUMMARY` or a pull-request comment. The
 * view reaches this function sanitized (src/output/emit.ts).
 */
export function writeResultsMarkdown({ results, mode }: WriteView): MarkdownTable {
  return {
    columns: ['Region', 'Detector', 'Setting', 'From', 'To', 'Result'],
    rows: results.flatMap((r) => {
      const result = outcome(r, mode);
      const detector = code(r.detectorId);
      if (r.changes.length === 0) return [[r.region, detector, null, null, null, result]];
      return r.changes.map((c) => [r.region, detector, code(c.target), code(c.from ?? '(not set)'), code(c.to), result]);
    }),
  };
}

/** The outcome in the words of the table (src/output/write-results.ts), without colour. */
function outcome(r: WriteResult, mode: WriteMode): string {
  if (r.interrupted) return '✗ interrupted before it finished; it may or may not have been changed';
  if (r.error) return r.action === null ? `✗ failed; nothing was changed (${r.error.code})` : `✗ ${r.action}, then failed (${r.error.code})`;
  if (r.action === 'unchanged') return '✓ unchanged: already matches';
  const n = r.changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  if (mode === 'check') return `✗ drift: ${what} needed (would be ${r.action})`;
  if (mode === 'dry-run') return `dry run: would be ${r.action} (${what}); nothing was changed`;
  return `✓ ${r.action} (${what})`;
}
