import type { GuardDutyPort } from '../aws/ports.js';
import type { WriteMode, WriteResult, WriteView } from '../domain/write-result.js';
import { emit, type TableRenderer } from '../output/emit.js';
import { writeResultsMarkdown } from '../output/write-records.js';
import { interruptedWriteReport, writeInRegions, type RegionWriteOptions } from '../workflows/region-write.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/**
 * Runs a writing command's `work` in every region and prints its report. A second Ctrl-C ends the process
 * before the report is ready: what has finished by then is still printed, the other regions as interrupted.
 */
export async function runWriteCommand<R extends WriteResult>(
  ctx: Ctx,
  mode: WriteMode,
  work: (gd: GuardDutyPort) => Promise<R | R[]>,
  table: TableRenderer<WriteView<R>>,
  options: RegionWriteOptions<R> & { createsDetector?: boolean } = {},
): Promise<number> {
  // Only `enable` acts on a region without a detector (it creates one); with --regions all the others leave such
  // regions out, named in a note.
  const run = await awsRun(ctx, { needsDetector: options.createsDetector !== true });
  const finished = new Map<string, R | R[]>();
  let printed = false;
  const print = (report: Parameters<typeof emit<WriteView<R>>>[2]): number => {
    if (printed) return report.exitCode;
    printed = true;
    // Markdown is the same for every writing command; src/program.ts says which commands offer it (enable).
    return emit(ctx.io, ctx.globals.output, report, { table, markdown: writeResultsMarkdown });
  };
  ctx.onForcedExit(() => void print(interruptedWriteReport(run.regions, mode, { ...options, finished })));
  return print(await writeInRegions(run, mode, work, { ...options, finished }));
}
