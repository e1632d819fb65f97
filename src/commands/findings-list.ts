import { parseListFlags, type ListFlags } from '../domain/findings-criteria.js';
import { note } from '../domain/report.js';
import { emit, emitMessages } from '../output/emit.js';
import { findingsWriter } from '../output/findings-stream.js';
import { listFindings } from '../workflows/findings-list.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/**
 * `gdeks findings list`: every flag is checked before the first AWS call; each batch is written whole as it
 * arrives (the findings writer streams the table, JSON array or NDJSON lines), the rest goes through emit.
 */
export async function runFindingsList(ctx: Ctx, flags: ListFlags): Promise<number> {
  const { io, globals } = ctx;
  const request = parseListFlags(flags, Date.now());
  emitMessages(io, request.notes.map(note));
  const run = await awsRun(ctx, { needsDetector: true });
  const writer = findingsWriter(globals.output, (t) => io.out(t), { color: io.color, sort: request.sort, regions: run.regions, now: () => Date.now(), width: io.columns });
  const onBatch = async (region: string, findings: Parameters<typeof writer.write>[1]) => {
    writer.write(region, findings);
    await io.drain();
  };
  // The reader has gone (`| head`): what was written decides the verdict; fetch no more.
  const outputClosed = () => io.stdoutClosed?.() === true;
  return emit(io, globals.output, await listFindings(run, request, onBatch, () => writer.end(), outputClosed, ctx.onForcedExit));
}
