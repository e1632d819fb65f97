import { parseListFlags, type ListFlags } from '../domain/findings-criteria.js';
import { note } from '../domain/report.js';
import { emit, emitMessages } from '../output/emit.js';
import { findingsWriter } from '../output/findings-stream.js';
import { count, progressLine } from '../output/progress.js';
import { listFindings } from '../workflows/findings-list.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/**
 * `gdeks findings list`: every flag is checked before the first AWS call; each batch is written whole as it
 * arrives (the findings writer streams the table, JSON array, NDJSON lines, CSV or markdown rows), the rest goes
 * through emit. On a terminal a long listing shows how many findings it has fetched, on stderr.
 */
export async function runFindingsList(ctx: Ctx, flags: ListFlags): Promise<number> {
  const { io, globals } = ctx;
  const request = parseListFlags(flags, Date.now());
  emitMessages(io, request.notes.map(note));
  const run = await awsRun(ctx, { needsDetector: true });
  let fetched = 0;
  const progress = progressLine(io, globals.output, () => `fetched ${count(fetched)} finding${fetched === 1 ? '' : 's'}…`);
  // Rows streamed to the same terminal go above the progress line: it is cleared first and drawn again later.
  const out = (t: string) => {
    progress.hide?.();
    io.out(t);
  };
  const writer = findingsWriter(globals.output, out, { color: io.color, sort: request.sort, regions: run.regions, now: () => Date.now(), width: io.columns });
  const onBatch = async (region: string, findings: Parameters<typeof writer.write>[1]) => {
    writer.write(region, findings);
    await io.drain();
  };
  // The progress line is gone before the table (or the rest of the output) is written.
  const finish = () => {
    progress.stop();
    writer.end();
  };
  // The reader has gone (`| head`): what was written decides the verdict; fetch no more.
  const outputClosed = () => io.stdoutClosed?.() === true;
  const options = {
    merged: writer.mergesRegions === true,
    fetched: (n: number) => {
      fetched += n;
      progress.update();
    },
  };
  return emit(io, globals.output, await listFindings(run, request, onBatch, finish, outputClosed, ctx.onForcedExit, options));
}
