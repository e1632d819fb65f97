import { GuardDuty } from '../aws/guardduty.js';
import { resolveRegions } from '../aws/region.js';
import { awsSettings } from '../aws/settings.js';
import type { Ctx } from '../core/context.js';
import { forEachRegion } from '../core/fanout.js';
import type { WriteResult } from '../core/write-result.js';
import { ExitCode } from '../errors.js';
import { renderWriteResultsJson, renderWriteResultsText, reportNotesAndErrors } from '../output/write-results.js';

/** Shared shell of `enable` and `export-frequency`: fan out over regions, render, choose the exit code. */
export async function runWriteCommand(
  ctx: Ctx,
  mode: 'apply' | 'dry-run' | 'check',
  work: (gd: GuardDuty) => Promise<WriteResult>,
): Promise<number> {
  const { io, globals } = ctx;
  const settings = awsSettings(globals, (line) => io.err(`${io.errColor.dim(`[debug] ${line}`)}\n`));
  const regions = await resolveRegions(globals, settings);
  const outcomes = await forEachRegion(regions, async (region) => work(await GuardDuty.open(settings, region, ctx.signal)));
  const results: WriteResult[] = outcomes.map((o) =>
    o.ok
      ? o.value
      : { region: o.region, detectorId: null, action: null, dryRun: mode !== 'apply', changes: [], notes: [], error: { code: o.error.code, message: o.error.message } },
  );
  if (globals.output === 'table') io.out(renderWriteResultsText(results, io.color, mode));
  else io.out(renderWriteResultsJson(results));
  reportNotesAndErrors(results, io);
  for (const o of outcomes) if (!o.ok) for (const line of o.error.details) io.err(`  ${line}\n`);

  if (results.some((r) => r.error)) return ExitCode.failure;
  if (mode === 'check' && results.some((r) => r.changes.length > 0)) return ExitCode.condition;
  return ExitCode.ok;
}
