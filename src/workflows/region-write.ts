import type { ChalkInstance } from 'chalk';
import { GuardDuty } from '../aws/guardduty.js';
import { resolveRegions } from '../aws/region.js';
import { settingsFor } from '../aws/settings.js';
import type { Ctx } from '../commands/context.js';
import { forEachRegion } from './fanout.js';
import type { WriteResult } from '../domain/write-result.js';
import { ExitCode } from '../errors.js';
import { renderWriteResultsJson, renderWriteResultsNdjson, reportNotesAndErrors } from '../output/write-results.js';

export type WriteMode = 'apply' | 'dry-run' | 'check';

/** --check wins over --dry-run: both plan only, and --check also sets the exit code. */
export function writeMode(flags: { dryRun?: boolean; check?: boolean }): WriteMode {
  return flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'apply';
}

export interface RegionWriteOptions<R extends WriteResult> {
  /** The result of a region that failed before anything was planned. */
  failed: (base: WriteResult) => R;
  renderText: (results: readonly R[], color: ChalkInstance, mode: WriteMode) => string;
  /** Notes about the input itself (not any region), printed once with `label` (the features file). */
  inputNotes?: { label: string; notes: readonly string[] };
}

/**
 * The shell of every writing command (`enable`, `enable --organization`, `export-frequency`,
 * `export-destination`): fan out over regions, render, choose the exit code. JSON is `{"results":[...]}`;
 * NDJSON the same result objects, one per line.
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
          ...(o.error.details.length > 0 ? { errorDetails: o.error.details } : {}),
        }),
  );
  if (globals.output === 'json') io.out(renderWriteResultsJson(results));
  else if (globals.output === 'ndjson') io.out(renderWriteResultsNdjson(results));
  else io.out(options.renderText(results, io.color, mode));
  const input = options.inputNotes;
  if (input) for (const note of input.notes) io.err(`${io.errColor.yellow('note:')} ${input.label}: ${note}\n`);
  reportNotesAndErrors(results, io);

  if (results.some((r) => r.error)) return ExitCode.failure;
  if (mode === 'check' && results.some((r) => r.changes.length > 0)) return ExitCode.condition;
  return ExitCode.ok;
}
