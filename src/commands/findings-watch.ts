import { note } from '../domain/report.js';
import { parseWatchFlags, type WatchFlags } from '../domain/watch-flags.js';
import { emit, emitMessages } from '../output/emit.js';
import { watchWriter } from '../output/findings-watch.js';
import { watchFindings, WatchStop } from '../workflows/findings-watch.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/**
 * `gdeks findings watch`: every flag is checked before the first AWS call; finding states are written as they
 * arrive (table rows, JSON array elements or NDJSON lines), stderr lines as they happen, the verdict at the end.
 */
export async function runFindingsWatch(ctx: Ctx, flags: WatchFlags): Promise<number> {
  const { io, globals } = ctx;
  const request = parseWatchFlags(flags, Date.now());
  emitMessages(io, request.notes.map(note));
  // The ports listen to the watch's own stop too, so --for and --fail-on abandon requests in flight.
  const stop = new WatchStop(ctx.signal);
  const run = await awsRun({ ...ctx, signal: stop.signal }, { needsDetector: true });
  const writer = watchWriter(globals.output, (t) => io.out(t), { color: io.color, regions: run.regions, width: io.columns });
  // A second Ctrl-C ends the process at once: the JSON array is closed first.
  ctx.onForcedExit(() => writer.end());
  const report = await watchFindings(run, request, stop, {
    onFindings: async (items) => {
      writer.write(items);
      await io.drain();
    },
    onMessage: (message) => emitMessages(io, [message], globals.output),
    finish: () => writer.end(),
    outputClosed: () => io.stdoutClosed?.() === true,
  });
  return emit(io, globals.output, report);
}
