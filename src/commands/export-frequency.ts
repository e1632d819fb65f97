import { parseFrequency } from '../domain/frequency.js';
import { writeMode } from '../domain/write-result.js';
import { emit } from '../output/emit.js';
import { renderWriteResultsText } from '../output/write-results.js';
import { setFrequencyInRegion } from '../workflows/export-frequency.js';
import { writeInRegions } from '../workflows/region-write.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** `gdeks export-frequency <15m|1h|6h>`: the value is checked before any AWS call. */
export async function runExportFrequency(ctx: Ctx, value: string, flags: { dryRun?: boolean; check?: boolean }): Promise<number> {
  const frequency = parseFrequency(value);
  const mode = writeMode(flags);
  const report = await writeInRegions(await awsRun(ctx), mode, (gd) => setFrequencyInRegion(gd, frequency, mode !== 'apply'));
  return emit(ctx.io, ctx.globals.output, report, renderWriteResultsText);
}
