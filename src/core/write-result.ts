import type { Change } from './enable-plan.js';

/** One region's outcome of a writing command (`enable`, `export-frequency`); the JSON shape of design.md. */
export interface WriteResult {
  region: string;
  detectorId: string | null;
  /** What was done (or, with dryRun, what would be done); null when the region failed before planning. */
  action: 'created' | 'updated' | 'unchanged' | null;
  dryRun: boolean;
  changes: Change[];
  /** Plain-language consequences and warnings (also in the JSON, for CI logs). */
  notes: string[];
  error?: { code: string; message: string };
}
