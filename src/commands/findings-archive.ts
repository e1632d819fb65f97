import { emit } from '../output/emit.js';
import { UsageError } from '../errors.js';
import { renderArchiveText, renderSamplesArchiveText } from '../output/findings-archive.js';
import { archiveSamplesInRegions } from '../workflows/findings-archive-samples.js';
import { setArchivedInRegions } from '../workflows/findings-archive.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { parseFindingIds } from './findings-common.js';

/** `findings archive <id...>` or `findings archive --samples [--dry-run]`: one or the other. */
export async function runFindingsArchive(ctx: Ctx, ids: string[], flags: { samples?: boolean; dryRun?: boolean } = {}): Promise<number> {
  if (flags.samples) {
    if (ids.length > 0) throw new UsageError('give finding ids or --samples, not both');
    const report = await archiveSamplesInRegions(await awsRun(ctx, { needsDetector: true }), flags.dryRun === true);
    return emit(ctx.io, ctx.globals.output, report, renderSamplesArchiveText);
  }
  if (flags.dryRun) throw new UsageError('--dry-run goes with --samples (archiving by id shows what changed)');
  if (ids.length === 0) throw new UsageError('give the finding ids to archive, or --samples for every sample finding', ['List ids with: gdeks findings list']);
  return runSetArchived(ctx, ids, true);
}

export function runFindingsUnarchive(ctx: Ctx, ids: string[]): Promise<number> {
  return runSetArchived(ctx, ids, false);
}

/** `findings archive|unarchive <id...>`: ids are validated first (exit 2), then set in every region. */
async function runSetArchived(ctx: Ctx, rawIds: string[], archived: boolean): Promise<number> {
  const ids = parseFindingIds(rawIds);
  const report = await setArchivedInRegions(await awsRun(ctx, { needsDetector: true }), ids, archived);
  return emit(ctx.io, ctx.globals.output, report, renderArchiveText);
}
