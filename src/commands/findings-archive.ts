import { emit } from '../output/emit.js';
import { renderArchiveText } from '../output/findings-archive.js';
import { setArchivedInRegions } from '../workflows/findings-archive.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { parseFindingIds } from './findings-common.js';

export function runFindingsArchive(ctx: Ctx, ids: string[]): Promise<number> {
  return runSetArchived(ctx, ids, true);
}

export function runFindingsUnarchive(ctx: Ctx, ids: string[]): Promise<number> {
  return runSetArchived(ctx, ids, false);
}

/** `findings archive|unarchive <id...>`: ids are validated first (exit 2), then set in every region. */
async function runSetArchived(ctx: Ctx, rawIds: string[], archived: boolean): Promise<number> {
  const ids = parseFindingIds(rawIds);
  const report = await setArchivedInRegions(await awsRun(ctx), ids, archived);
  return emit(ctx.io, ctx.globals.output, report, renderArchiveText);
}
