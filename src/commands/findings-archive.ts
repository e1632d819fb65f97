import { emit } from '../output/emit.js';
import { UsageError } from '../errors.js';
import { renderArchiveText, renderSamplesArchiveText } from '../output/findings-archive.js';
import { archiveSamplesInRegions } from '../workflows/findings-archive-samples.js';
import { setArchivedInRegions } from '../workflows/findings-archive.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';
import { findingsRun, readFindingRefs } from './findings-common.js';

/** `findings archive <id...>` or `findings archive --samples`: one or the other; --dry-run with either. */
export async function runFindingsArchive(ctx: Ctx, ids: string[], flags: { samples?: boolean; dryRun?: boolean } = {}): Promise<number> {
  if (flags.samples) {
    if (ids.length > 0) throw new UsageError('give finding ids or --samples, not both');
    const report = await archiveSamplesInRegions(await awsRun(ctx, { needsDetector: true }), flags.dryRun === true);
    return emit(ctx.io, ctx.globals.output, report, renderSamplesArchiveText);
  }
  if (ids.length === 0) throw new UsageError('give the finding ids to archive, or --samples for every sample finding', ['List ids with: gdeks findings list']);
  return runSetArchived(ctx, ids, true, flags.dryRun === true);
}

export function runFindingsUnarchive(ctx: Ctx, ids: string[], flags: { dryRun?: boolean } = {}): Promise<number> {
  return runSetArchived(ctx, ids, false, flags.dryRun === true);
}

/** `findings archive|unarchive <id...>`: ids, prefixes, ARNs or `-` (stdin), validated first (exit 2), then set. */
async function runSetArchived(ctx: Ctx, args: string[], archived: boolean, dryRun: boolean): Promise<number> {
  const refs = await readFindingRefs(ctx, args);
  const report = await setArchivedInRegions(await findingsRun(ctx, refs), refs, archived, dryRun);
  return emit(ctx.io, ctx.globals.output, report, renderArchiveText);
}
