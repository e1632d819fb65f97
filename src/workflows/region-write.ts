import type { GuardDutyPort } from '../aws/ports.js';
import { details, error, note, type Message, type Report } from '../domain/report.js';
import type { WriteMode, WriteResult, WriteView } from '../domain/write-result.js';
import { ExitCode } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { forEachRegion } from './fanout.js';
import type { AwsRun } from './run.js';

export interface RegionWriteOptions<R extends WriteResult> {
  /** The result of a region that failed before anything was planned. */
  failed?: (base: WriteResult) => R;
  /** Notes about the input itself (not any region), printed once with `label` (the features file). */
  inputNotes?: { label: string; notes: readonly string[] };
}

/**
 * The workflow shell of every writing command (`enable`, `enable --organization`, `export-frequency`,
 * `export-destination`, `suppress`): `work` in every region at once, then the report. JSON is `{"results":[...]}`;
 * NDJSON the same result objects, one per line. Exit 1 if a region failed, else 3 on --check drift.
 */
export async function writeInRegions<R extends WriteResult>(
  run: AwsRun,
  mode: WriteMode,
  work: (gd: GuardDutyPort) => Promise<R | R[]>,
  options: RegionWriteOptions<R> = {},
): Promise<Report<WriteView<R>>> {
  const failed = options.failed ?? ((base: WriteResult) => base as R);
  const outcomes = await forEachRegion(run.regions, async (region) => work(await run.ports.guardDuty(region)));
  // A region may report several results (`suppress apply`: one per rule), in the order it gives them.
  const results: R[] = outcomes.flatMap((o) =>
    o.ok
      ? o.value
      : failed({
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
  const messages: Message[] = (options.inputNotes?.notes ?? []).map((n) => note(`${options.inputNotes?.label}: ${n}`));
  // Notes and per-region errors (each with its details) go to stderr: they are warnings, not the requested output.
  for (const r of results) {
    messages.push(...r.notes.map((n) => note(`${r.region}: ${n}`)));
    if (r.error) messages.push(error(sanitize(r.error.message)), ...details(r.errorDetails ?? []));
  }
  const json = results.map(resultJson);
  const exitCode = results.some((r) => r.error)
    ? ExitCode.failure
    : mode === 'check' && results.some((r) => r.changes.length > 0)
      ? ExitCode.condition
      : ExitCode.ok;
  return { output: { view: { results, mode }, document: { results: json }, lines: json }, messages, exitCode };
}

/** A result as printed: every field but the error's details, which are for people (stderr). */
function resultJson(r: WriteResult): object {
  const { errorDetails, ...json } = r;
  return json;
}
