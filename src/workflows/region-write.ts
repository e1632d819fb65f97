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
  /** Filled as regions finish: what a second Ctrl-C, which ends the process at once, still reports. */
  finished?: Map<string, R | R[]>;
  /** More stderr lines from the results, printed first (`suppress`: blast-radius warnings when stdout is JSON). */
  messages?: (results: readonly R[]) => Message[];
}

/**
 * The workflow shell of every writing command (`enable`, `enable --organization`, `export-frequency`,
 * `export-destination`, `suppress`): `work` in every region at once, then the report. JSON is `{"results":[...]}`;
 * NDJSON the same result objects, one per line. Exit 1 if a region failed, else 3 on --check drift. A region
 * may report several results (`suppress apply`: one per rule), kept in the order it gives them.
 *
 * Interrupted (Ctrl-C, SIGTERM, SIGHUP), the report still holds every region that finished, and marks the
 * others as interrupted: a write may already have changed some regions, and the user must be able to tell which.
 */
export async function writeInRegions<R extends WriteResult>(
  run: AwsRun,
  mode: WriteMode,
  work: (gd: GuardDutyPort) => Promise<R | R[]>,
  options: RegionWriteOptions<R> = {},
): Promise<Report<WriteView<R>>> {
  const failed = options.failed ?? ((base: WriteResult) => base as R);
  const outcomes = await forEachRegion(run.regions, async (region): Promise<R | R[]> => {
    try {
      const result = await work(await run.ports.guardDuty(region));
      options.finished?.set(region, result);
      return result;
    } catch (e) {
      // The region did not finish because of the signal (its request was aborted, or never sent).
      if (run.signal.aborted) return interruptedResult(region, mode, failed);
      throw e;
    }
  });
  const results: R[] = outcomes.flatMap((o) =>
    o.ok
      ? o.value
      : failed({
          ...baseResult(o.region, mode),
          error: { code: o.error.code, message: o.error.message },
          ...(o.error.details.length > 0 ? { errorDetails: o.error.details } : {}),
        }),
  );
  return writeReport(results, mode, options);
}

/** The report of a run ended at once (a second Ctrl-C): the regions finished so far, the others interrupted. */
export function interruptedWriteReport<R extends WriteResult>(regions: readonly string[], mode: WriteMode, options: RegionWriteOptions<R>): Report<WriteView<R>> {
  const failed = options.failed ?? ((base: WriteResult) => base as R);
  return writeReport(
    regions.flatMap((region) => options.finished?.get(region) ?? interruptedResult(region, mode, failed)),
    mode,
    options,
  );
}

function baseResult(region: string, mode: WriteMode): WriteResult {
  return { region, detectorId: null, action: null, dryRun: mode !== 'apply', changes: [], notes: [] };
}

function interruptedResult<R extends WriteResult>(region: string, mode: WriteMode, failed: (base: WriteResult) => R): R {
  return failed({
    ...baseResult(region, mode),
    error: { code: 'Interrupted', message: `${region}: interrupted before this region finished; it may or may not have been changed` },
    interrupted: true,
  });
}

function writeReport<R extends WriteResult>(results: R[], mode: WriteMode, options: RegionWriteOptions<R>): Report<WriteView<R>> {
  const messages: Message[] = [
    ...(options.messages?.(results) ?? []),
    ...(options.inputNotes?.notes ?? []).map((n) => note(`${options.inputNotes?.label}: ${n}`)),
  ];
  const stopped = results.filter((r) => r.interrupted).map((r) => r.region);
  if (stopped.length > 0) {
    messages.push({
      kind: 'plain',
      text: `interrupted: ${stopped.join(', ')} did not finish and may or may not have been changed; run the command again to finish`,
    });
  }
  // Notes and per-region errors (each with its details) go to stderr: they are warnings, not the requested output.
  for (const r of results) {
    messages.push(...r.notes.map((n) => note(`${r.region}: ${n}`)));
    if (r.error && !r.interrupted) messages.push(error(sanitize(r.error.message)), ...details(r.errorDetails ?? []));
  }
  const json = results.map(resultJson);
  // Interrupted, the process exits 130 / 143 / 129 whatever this says (src/cli.ts).
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
