import { parseFrequency } from '../domain/frequency.js';
import { writeMode } from '../domain/write-result.js';
import { renderWriteResultsText } from '../output/write-results.js';
import { setFrequencyInRegion } from '../workflows/export-frequency.js';
import type { Ctx } from './context.js';
import { runWriteCommand } from './write-command.js';

/** `gdeks export-frequency <15m|1h|6h>`: the value is checked before any AWS call. */
export async function runExportFrequency(ctx: Ctx, value: string, flags: { dryRun?: boolean; check?: boolean }): Promise<number> {
  const frequency = parseFrequency(value);
  const mode = writeMode(flags);
  return runWriteCommand(ctx, mode, (gd) => setFrequencyInRegion(gd, frequency, mode !== 'apply'), renderWriteResultsText);
}
