import type { Change } from './enable-plan.js';

/** One region's outcome of a writing command (`enable`, `export-frequency`); the JSON shape the README documents. */
export interface WriteResult {
  region: string;
  detectorId: string | null;
  /**
   * What was done (or, with dryRun, what would be done). null when the region failed and nothing was written;
   * `changes` then still lists the plan when the failure came after planning (a member account, a refused write).
   */
  action: 'created' | 'updated' | 'deleted' | 'unchanged' | null;
  dryRun: boolean;
  changes: Change[];
  /** Plain-language consequences and warnings (also in the JSON, for CI logs). */
  notes: string[];
  error?: { code: string; message: string };
  /**
   * The run was interrupted (Ctrl-C, SIGTERM, SIGHUP) before this region finished: a write may or may not have
   * reached AWS. `error.code` is then "Interrupted".
   */
  interrupted?: true;
  /** Lines that explain `error` (what to check, what the service said): printed under it, never in the JSON. */
  errorDetails?: readonly string[];
}

/**
 * Records a failure that came after planning: nothing was written, so the action is null (as for a region
 * that failed before planning), and the plan stays in `changes` to say what the right account or a retry
 * would change.
 */
export function failedAfterPlan<R extends WriteResult>(result: R, error: { code: string; message: string; details?: readonly string[] }): R {
  result.action = null;
  result.error = { code: error.code, message: error.message };
  if (error.details && error.details.length > 0) result.errorDetails = error.details;
  return result;
}

export type WriteMode = 'apply' | 'dry-run' | 'check';

/** --check wins over --dry-run: both plan only, and --check also sets the exit code. */
export function writeMode(flags: { dryRun?: boolean; check?: boolean }): WriteMode {
  return flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'apply';
}

/** What the table renderers of writing commands receive. */
export interface WriteView<R extends WriteResult = WriteResult> {
  results: readonly R[];
  mode: WriteMode;
}
