import { setMaxListeners } from 'node:events';
import { isTransientAwsError } from '../aws/errors.js';
import type { GuardDutyPort } from '../aws/ports.js';
import { buildFindingCriteria } from '../domain/findings-criteria.js';
import { isSampleFinding } from '../domain/findings-sample.js';
import { details, error, note, type Message, type Report } from '../domain/report.js';
import { atOrAbove, scoreOf } from '../domain/severity.js';
import { isSuspended, RESUME_WITH_ENABLE, suspendedNote } from '../domain/suspended.js';
import { humanDuration, type WatchRequest } from '../domain/watch-flags.js';
import { backoffDelay, versionOf, WatchLedger, type WatchedFinding } from '../domain/watch-ledger.js';
import { AwsError, ExitCode, InterruptedError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { detectorIdOf } from './findings-common.js';
import type { AwsRun } from './run.js';

/** Why a watch ended on its own: --for ran out, --fail-on matched, stdout's reader went, or every region failed. */
class WatchEnded extends Error {}

/**
 * A watch's stop: an AbortSignal that Ctrl-C/SIGTERM (`interrupt`) aborts, and that the watch aborts itself when it
 * ends, so that requests in flight are abandoned either way. The ports are opened on `signal`.
 */
export class WatchStop {
  private readonly controller = new AbortController();
  constructor(private readonly interrupt: AbortSignal) {
    // Every in-flight SDK call listens on the signal (as src/cli.ts explains for its own).
    setMaxListeners(0, this.controller.signal);
    if (interrupt.aborted) this.controller.abort(interrupt.reason);
    else interrupt.addEventListener('abort', () => this.controller.abort(interrupt.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the watch has stopped, for any reason. */
  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** The signal's reason when Ctrl-C/SIGTERM stopped the watch, else undefined. */
  interruption(): InterruptedError | undefined {
    return this.interrupt.aborted && this.controller.signal.reason instanceof InterruptedError ? this.controller.signal.reason : undefined;
  }

  end(): void {
    if (!this.stopped) this.controller.abort(new WatchEnded('watch ended'));
  }
}

export interface WatchHooks {
  /** Writes a batch whole; may wait for stdout to drain. */
  onFindings(items: WatchedFinding[]): Promise<void>;
  /** A stderr line while the watch runs (a region failing, backing off, answering again). */
  onMessage(message: Message): void;
  /** Completes the output (the JSON array's `]`); also on Ctrl-C. */
  finish(): void;
  /** stdout's reader has gone: the watch ends with the verdict on what was written. */
  outputClosed(): boolean;
}

export interface WatchClock {
  now(): number;
  random(): number;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: the caller looks at why). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function asAwsError(e: unknown, region: string): AwsError {
  if (e instanceof AwsError) return e;
  return new AwsError(`${region}: ${e instanceof Error ? e.message : String(e)}`, { code: 'InternalError', region, cause: e });
}

/**
 * `gdeks findings watch`: every region is polled in parallel, each on its own: ListFindings for the filter plus
 * `updatedAt ≥ ledger.queryFrom()`, newest first, the findings fetched in full, and each state the region's
 * WatchLedger has not printed goes to `onFindings`. A poll starts `intervalMs` after the previous one started.
 *
 * A region whose poll fails in a way that may pass (throttling, 5xx, network; src/aws/errors.ts isTransientAwsError)
 * waits (backoffDelay) and tries again, saying so on stderr; any other failure is reported once and that region
 * is no longer watched, while the others go on; once every region has failed, the watch ends. It also ends when
 * --for runs out, at the first finding at or above --fail-on (after writing it), or when stdout's reader goes.
 * Exit: 3 if --fail-on matched, else 1 if a region failed, else 0; Ctrl-C/SIGTERM: the InterruptedError, after
 * the output was completed.
 */
export async function watchFindings(run: AwsRun, request: WatchRequest, stop: WatchStop, hooks: WatchHooks, clock: WatchClock = { now: Date.now, random: Math.random }): Promise<Report> {
  const { regions } = run;
  const failed: AwsError[] = [];
  const printed = { new: 0, updated: 0 };
  let tripped: WatchedFinding | undefined;
  const forTimer = request.forMs === undefined ? undefined : setTimeout(() => stop.end(), request.forMs);
  // Newest first: a finding updated while a poll pages through the listing moves to the front, behind the pages
  // already read, so (with paging by position) it only shifts the rest down (one id listed twice, which
  // streamFindings drops), and the next poll lists it. Oldest first, it would move to the end and shift the rest
  // up, so one not yet read would be skipped, and under many updates the listing would chase its own tail.
  const sort = { AttributeName: 'updatedAt', OrderBy: 'DESC' as const };
  const every = humanDuration(request.intervalMs);
  const since = new Date(request.start).toISOString().replace(/\.\d+Z$/, 'Z');
  hooks.onMessage({
    kind: 'dim',
    text: `Watching ${regions.join(', ')} for EKS findings updated since ${since}, every ${every}${request.forMs === undefined ? '' : ` for ${humanDuration(request.forMs)}`} (Ctrl-C to stop)`,
    when: { tty: true },
  });

  const poll = async (region: string, gd: GuardDutyPort, detectorId: string, ledger: WatchLedger): Promise<void> => {
    const criteria = buildFindingCriteria({ ...request.filter, since: ledger.queryFrom() });
    await gd.streamFindings({ detectorId, criteria, sort }, async (findings) => {
      if (stop.stopped) throw stop.signal.reason;
      if (hooks.outputClosed()) {
        stop.end();
        throw stop.signal.reason;
      }
      const items: WatchedFinding[] = [];
      for (const finding of findings) {
        const version = versionOf(finding);
        const state = version && ledger.observe(version);
        if (!state) continue;
        const item = { region, state, finding };
        items.push(item);
        if (request.failOn && atOrAbove(scoreOf(finding.Severity), request.failOn)) {
          // The rest of the batch is not looked at: the watch stops at this finding, printed last.
          tripped = item;
          break;
        }
      }
      for (const i of items) printed[i.state]++;
      if (items.length > 0) await hooks.onFindings(items);
      if (tripped) {
        stop.end();
        throw stop.signal.reason;
      }
    });
  };

  // Regions whose detector is suspended: nothing new can appear there, so --fail-on cannot vouch for them.
  const suspended: string[] = [];
  const watchRegion = async (region: string): Promise<void> => {
    const ledger = new WatchLedger(request.start, request.overlapMs);
    let session: { gd: GuardDutyPort; detectorId: string } | undefined;
    let failures = 0;
    while (!stop.stopped) {
      if (hooks.outputClosed()) {
        stop.end();
        return;
      }
      const started = clock.now();
      let wait = request.intervalMs;
      try {
        if (!session) {
          const gd = await run.ports.guardDuty(region);
          session = { gd, detectorId: await detectorIdOf(gd) };
          const { detectorId } = session;
          // Read alongside the first poll; unreadable (no guardduty:GetDetector): say nothing.
          gd.getDetector(detectorId).then(
            (d) => {
              if (!isSuspended(d?.status)) return;
              suspended.push(region);
              if (!stop.stopped) hooks.onMessage(note(`${region}: ${suspendedNote(detectorId, RESUME_WITH_ENABLE)}`));
            },
            () => undefined,
          );
        }
        await poll(region, session.gd, session.detectorId, ledger);
        ledger.settle(clock.now());
        if (failures > 0) hooks.onMessage(note(`${region}: answering again; the watch goes on`));
        failures = 0;
        wait = Math.max(0, started + request.intervalMs - clock.now());
      } catch (e) {
        if (stop.stopped) return;
        const err = asAwsError(e, region);
        // A listing whose pages held nothing new for a long run is one that raced with many updates (see `sort`):
        // the next poll starts afresh.
        if (!isTransientAwsError(err) && err.code !== 'PaginationLoop') {
          failed.push(err);
          hooks.onMessage(error(`${sanitize(err.message)}; no longer watching ${region}`));
          for (const m of details(err.details)) hooks.onMessage(m);
          if (failed.length === regions.length) stop.end();
          return;
        }
        failures++;
        wait = backoffDelay(failures, request.intervalMs, clock.random());
        hooks.onMessage(note(`${region}: ${sanitize(err.message)}; trying again in ${humanDuration(Math.max(1000, wait))}`));
      }
      await pause(wait, stop.signal);
    }
  };

  try {
    await Promise.all(regions.map((r) => watchRegion(r)));
  } finally {
    if (forTimer) clearTimeout(forTimer);
    // Also on Ctrl-C: close the JSON array.
    hooks.finish();
  }
  const interrupted = stop.interruption();
  if (interrupted) throw interrupted;

  const messages: Message[] = [];
  if (failed.length === regions.length && regions.length > 1) messages.push(error('every region failed; nothing is being watched'));
  messages.push({ kind: 'dim', text: `${printed.new} new, ${printed.updated} updated`, when: { tty: true } });
  if (tripped && request.failOn) {
    const f = tripped.finding;
    const sample = isSampleFinding(f) ? ' (a sample finding; --exclude-samples leaves samples out)' : '';
    messages.push({ kind: 'plain', text: `--fail-on ${request.failOn.label}: ${sanitize(f.Type ?? 'a finding')} (severity ${scoreOf(f.Severity)}) in ${tripped.region}, finding ${sanitize(f.Id ?? '-')}${sample}` });
    return { messages, exitCode: ExitCode.condition };
  }
  if (request.failOn && suspended.length > 0) {
    // A gate that watched a detector monitoring nothing is not green.
    for (const region of suspended) messages.push(error(`${region}: --fail-on cannot pass: the detector is suspended, so no finding could appear while watching`));
    return { messages, exitCode: ExitCode.failure };
  }
  return { messages, exitCode: failed.length > 0 ? ExitCode.failure : ExitCode.ok };
}
