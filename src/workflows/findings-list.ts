import type { Finding } from '@aws-sdk/client-guardduty';
import type { StreamSummary } from '../aws/ports.js';
import { buildFindingCriteria, buildSortCriteria, type ListRequest } from '../domain/findings-criteria.js';
import { FindingsOrder } from '../domain/findings-order.js';
import { isSampleFinding } from '../domain/findings-sample.js';
import { addToCounts, emptyCounts, failOnLine, summaryLine } from '../domain/findings-summary.js';
import { error, note, type Message, type Report } from '../domain/report.js';
import { atOrAbove, scoreOf } from '../domain/severity.js';
import { isSuspended, RESUME_WITH_ENABLE, suspendedNote } from '../domain/suspended.js';
import { ExitCode } from '../errors.js';
import { forEachRegion, type RegionOutcome } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/** Thrown from a batch to stop a region's listing: stdout's reader has gone, or --limit's findings are all known. */
class StopListing extends Error {}

export interface ListOptions {
  /**
   * The writer sorts every region's findings into one list (table, csv, markdown): regions hand theirs over as
   * they come instead of one region after another, so several regions are listed wholly in parallel.
   */
  merged?: boolean;
  /** How many findings a page brought (before --limit and the order hold any back): for a progress line. */
  fetched?: (count: number) => void;
}

/**
 * `gdeks findings list`: regions are listed in parallel and written one after another, in the order given, each
 * in the order of compareFindings (src/domain/findings-order.ts), or with `options.merged` as they come, for a
 * writer that sorts them into one list; a finding goes to `onBatch` (which writes a
 * batch whole, so stdout stays well-formed whatever happens: a failed region, Ctrl-C) as soon as its place in
 * that order is settled. The report holds only stderr: exit 1 if a region failed, else 3 if --fail-on matched,
 * else 0. `outputClosed` says stdout's reader has gone: nothing more is written, and the listing stops once the
 * verdict is known (at once without --fail-on; with it, at the first match, or at the end when nothing matches).
 * `onForcedExit` registers what a second Ctrl-C runs before the process ends at once.
 */
export async function listFindings(
  run: AwsRun,
  request: ListRequest,
  onBatch: (region: string, findings: Finding[]) => Promise<void>,
  finish: () => void,
  outputClosed: () => boolean = () => false,
  onForcedExit: (finish: () => void) => void = () => undefined,
  options: ListOptions = {},
): Promise<Report> {
  // No limit on the listing itself: GuardDuty sorts on one attribute only, so the first N it lists are not the
  // first N of gdeks' order; FindingsOrder says when they are known.
  const query = { criteria: buildFindingCriteria(request.filter), sort: buildSortCriteria(request.sort) };
  const { regions } = run;
  const counts = emptyCounts();
  let tripped = 0;
  // Samples count toward --fail-on (testing the alerting is what they are for); the message says how many.
  let trippedSamples = 0;
  const judge = (findings: readonly Finding[]): void => {
    if (!request.failOn) return;
    for (const f of findings) {
      if (!atOrAbove(scoreOf(f.Severity), request.failOn)) continue;
      tripped++;
      if (isSampleFinding(f)) trippedSamples++;
    }
  };
  const write = (region: string, findings: Finding[]): Promise<void> => {
    if (findings.length === 0) return Promise.resolve();
    addToCounts(counts, findings);
    judge(findings);
    return onBatch(region, findings);
  };
  // Once the reader has gone nothing more is written, but a --fail-on not yet met must still see every finding
  // that would have been: a gate piped into `head` that closed early is not green for what it did not read.
  const verdictOpen = () => request.failOn !== undefined && tripped === 0;
  // A region waits for the ones before it to finish before writing (its listing waits too, a few batches ahead,
  // so memory stays flat).
  const finished = new Map<string, () => void>();
  const finishedP = new Map(regions.map((r) => [r, new Promise<void>((resolve) => finished.set(r, resolve))]));
  const turnOf = (region: string) =>
    options.merged ? Promise.resolve() : Promise.all(regions.slice(0, regions.indexOf(region)).map((r) => finishedP.get(r)));
  const orders = new Map(regions.map((r) => [r, new FindingsOrder(request.sort, request.limit)]));
  const over = new Set<string>();
  // A second Ctrl-C: the region being written (merged: every region still listing) shows the findings it holds
  // back, then the output is closed.
  onForcedExit(() => {
    const writing = regions.filter((r) => !over.has(r)).slice(0, options.merged ? undefined : 1);
    if (!outputClosed()) for (const r of writing) void write(r, orders.get(r)?.end() ?? []);
    finish();
  });

  // Regions whose detector is suspended: what is listed is all there will be.
  const suspended: Array<{ region: string; detectorId: string }> = [];
  const listRegion = async (region: string): Promise<StreamSummary> => {
    const order = orders.get(region) as FindingsOrder;
    try {
      const gd = await run.ports.guardDuty(region);
      const detectorId = await detectorIdOf(gd);
      // Read alongside the listing; unreadable (no guardduty:GetDetector): say nothing.
      const status = gd
        .getDetector(detectorId)
        .then((d) => d?.status)
        .catch(() => undefined);
      await gd
        .streamFindings({ ...query, detectorId }, async (findings) => {
          options.fetched?.(findings.length);
          await turnOf(region);
          if (outputClosed()) {
            if (!verdictOpen()) throw new StopListing();
            judge(order.push(findings));
          } else await write(region, order.push(findings));
          if (order.done || (outputClosed() && !verdictOpen())) throw new StopListing();
        })
        .catch((e: unknown) => {
          if (!(e instanceof StopListing)) throw e;
        });
      await turnOf(region);
      if (!outputClosed()) await write(region, order.end());
      else if (verdictOpen()) judge(order.end());
      if (isSuspended(await status)) suspended.push({ region, detectorId });
      return { delivered: order.emitted, truncated: order.truncated };
    } catch (e) {
      // A failed or interrupted region still shows the findings it had fetched.
      await turnOf(region);
      if (!outputClosed()) await write(region, order.end());
      throw e;
    } finally {
      over.add(region);
      finished.get(region)?.();
    }
  };
  let outcomes: RegionOutcome<StreamSummary>[];
  try {
    outcomes = await forEachRegion(regions, listRegion);
  } finally {
    // Also on Ctrl-C: close the JSON array (or print the rows fetched so far).
    finish();
  }

  const messages: Message[] = regionErrors(outcomes);
  const failed = messages.length > 0;
  // No match is not a pass where the detector monitors nothing: the gate cannot vouch for that region.
  const unvouched = request.failOn !== undefined && tripped === 0;
  for (const { region, detectorId } of suspended) {
    messages.push(
      unvouched
        ? error(`${region}: --fail-on cannot pass: ${suspendedNote(detectorId, RESUME_WITH_ENABLE)}`)
        : note(`${region}: ${suspendedNote(detectorId, RESUME_WITH_ENABLE)}`),
    );
  }
  for (const o of outcomes) {
    if (o.ok && o.value.truncated) messages.push({ kind: 'dim', text: `${o.region}: showing the first ${request.limit} (--limit); more findings match` });
  }
  const total = outcomes.reduce((n, o) => n + (o.ok ? o.value.delivered : 0), 0);
  const none = total === 0 && !failed;
  if (none) messages.push({ kind: 'plain', text: 'No EKS findings match.', when: { table: true } });
  messages.push({ kind: 'plain', text: summaryLine(counts), when: none ? { tty: true, table: false } : { tty: true } });
  if (request.failOn && tripped > 0) messages.push({ kind: 'plain', text: failOnLine(request.failOn.label, tripped, trippedSamples) });
  // An incomplete listing is an error first: the condition may hold in the region that failed, too.
  if (failed || (unvouched && suspended.length > 0)) return { messages, exitCode: ExitCode.failure };
  return { messages, exitCode: request.failOn && tripped > 0 ? ExitCode.condition : ExitCode.ok };
}
