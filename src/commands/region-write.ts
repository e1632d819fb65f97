import type { ChalkInstance } from 'chalk';
import { GuardDuty } from '../aws/guardduty.js';
import { resolveRegions } from '../aws/region.js';
import { settingsFor } from '../aws/settings.js';
import type { Ctx } from '../core/context.js';
import { forEachRegion } from '../core/fanout.js';
import type { WriteResult } from '../core/write-result.js';
import { ExitCode } from '../errors.js';
import { renderWriteResultsJson, reportNotesAndErrors } from '../output/write-results.js';

export type WriteMode = 'apply' | 'dry-run' | 'check';

export interface RegionWriteOptions<R extends WriteResult> {
  /** The result of a region that failed before anything was planned. */
  failed: (base: WriteResult) => R;
  renderText: (results: readonly R[], color: ChalkInstance, mode: WriteMode) => string;
}

/**
 * The shell of the organization and export-destination writes: like `runWriteCommand` (fan out, render, exit
 * code), with the command's own result type and table renderer. JSON stays `{"results":[...]}`.
 */
export async function runRegionWrites<R extends WriteResult>(
  ctx: Ctx,
  mode: WriteMode,
  work: (gd: GuardDuty) => Promise<R>,
  options: RegionWriteOptions<R>,
): Promise<number> {
  const { io, globals } = ctx;
  const settings = settingsFor(ctx);
  const regions = await resolveRegions(globals, settings);
  const outcomes = await forEachRegion(regions, async (region) => work(await GuardDuty.open(settings, region, ctx.signal)));
  const results: R[] = outcomes.map((o) =>
    o.ok
      ? o.value
      : options.failed({
          region: o.region,
          detectorId: null,
          action: null,
          dryRun: mode !== 'apply',
          changes: [],
          notes: [],
          error: { code: o.error.code, message: o.error.message },
        }),
  );
  if (globals.output === 'table') io.out(options.renderText(results, io.color, mode));
  else io.out(renderWriteResultsJson(results));
  reportNotesAndErrors(results, io);
  for (const o of outcomes) if (!o.ok) for (const line of o.error.details) io.err(`  ${line}\n`);

  if (results.some((r) => r.error)) return ExitCode.failure;
  if (mode === 'check' && results.some((r) => r.changes.length > 0)) return ExitCode.condition;
  return ExitCode.ok;
}
