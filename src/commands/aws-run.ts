import { openPorts } from '../aws/open.js';
import { resolveRegions } from '../aws/region.js';
import { awsSettings } from '../aws/settings.js';
import { note } from '../domain/report.js';
import { emitMessages } from '../output/emit.js';
import { regionsWithDetector } from '../workflows/detector-regions.js';
import type { AwsRun } from '../workflows/run.js';
import type { Ctx } from './context.js';

/**
 * The regions and ports of a command's run (after its input has been checked); --debug lines go to stderr, dimmed.
 * `regions`: the input named them (finding ARNs). `needsDetector`: with --regions all, the enabled regions where
 * GuardDuty has no detector are left out and named in a note (src/workflows/detector-regions.ts).
 */
export async function awsRun(ctx: Ctx, options: { needsDetector?: boolean; regions?: string[] } = {}): Promise<AwsRun> {
  const { io, globals } = ctx;
  const settings = awsSettings(globals, (line) => io.err(`${io.errColor.dim(`[debug] ${line}`)}\n`));
  // Regions the input itself names (finding ARNs) replace the configured ones.
  if (options.regions) return { regions: options.regions, ports: openPorts(settings, ctx.signal), signal: ctx.signal };
  const regions = await resolveRegions(globals, settings, ctx.signal);
  const run: AwsRun = { regions, ports: openPorts(settings, ctx.signal), signal: ctx.signal, ...(globals.allRegions ? { allRegions: true as const } : {}) };
  if (!options.needsDetector || !run.allRegions) return run;
  const narrowed = await regionsWithDetector(run);
  if (narrowed.withoutDetector.length > 0) {
    const n = narrowed.withoutDetector.length;
    emitMessages(io, [note(`no detector in ${n} of the ${regions.length} enabled regions (GuardDuty is off there), left out: ${narrowed.withoutDetector.join(', ')}`)]);
  }
  return narrowed.run;
}
