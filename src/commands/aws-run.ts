import { openPorts } from '../aws/open.js';
import { resolveRegions } from '../aws/region.js';
import { awsSettings } from '../aws/settings.js';
import type { AwsRun } from '../workflows/run.js';
import type { Ctx } from './context.js';

/** The regions and ports of a command's run (after its input has been checked); --debug lines go to stderr, dimmed. */
export async function awsRun(ctx: Ctx): Promise<AwsRun> {
  const { io, globals } = ctx;
  const settings = awsSettings(globals, (line) => io.err(`${io.errColor.dim(`[debug] ${line}`)}\n`));
  return { regions: await resolveRegions(globals, settings), ports: openPorts(settings, ctx.signal), signal: ctx.signal };
}
