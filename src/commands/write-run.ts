import type { GuardDuty } from '../aws/guardduty.js';
import type { Ctx } from './context.js';
import type { WriteResult } from '../domain/write-result.js';
import { renderWriteResultsText } from '../output/write-results.js';
import { runRegionWrites, type RegionWriteOptions, type WriteMode } from '../workflows/region-write.js';

/** Shared shell of `enable` and `export-frequency`: fan out over regions, render, choose the exit code. */
export function runWriteCommand(
  ctx: Ctx,
  mode: WriteMode,
  work: (gd: GuardDuty) => Promise<WriteResult>,
  inputNotes?: RegionWriteOptions<WriteResult>['inputNotes'],
): Promise<number> {
  return runRegionWrites(ctx, mode, work, { failed: (base) => base, renderText: renderWriteResultsText, inputNotes });
}
