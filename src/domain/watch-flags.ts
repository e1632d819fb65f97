import { UsageError } from '../errors.js';
import { parseDuration } from './duration.js';
import { parseListFlags, type FindingsFilter, type ListFlags } from './findings-criteria.js';
import type { SeverityThreshold } from './severity.js';

/** `gdeks findings watch` options as commander hands them over: the `findings list` filters, and the watch's own. */
export interface WatchFlags extends Omit<ListFlags, 'limit' | 'sort'> {
  interval?: string;
  for?: string;
  overlap?: string;
  /** Not for a watch: refused with a reason (see parseWatchFlags). */
  limit?: string;
  sort?: string;
}

export interface WatchRequest {
  /** What to select; `since` is replaced on every poll by the watch's own lower bound (WatchLedger.queryFrom). */
  filter: FindingsFilter;
  /** Findings updated before this instant (epoch ms) are never printed: the start, or --since. */
  start: number;
  intervalMs: number;
  /** Stop after this long (--for); undefined: until interrupted. */
  forMs?: number;
  /** How far behind the newest update seen each poll asks again (late-indexed findings). */
  overlapMs: number;
  failOn?: SeverityThreshold;
  notes: string[];
}

export const DEFAULT_INTERVAL_MS = 60_000;
/** ListFindings once a second per region at most: also what lets tests run fast. */
export const MIN_WATCH_MS = 1_000;
export const MAX_INTERVAL_MS = 24 * 3_600_000;
/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days). */
export const MAX_FOR_MS = 24 * 86_400_000;
/**
 * Findings can reach ListFindings a little after their updatedAt (GuardDuty aggregates occurrences and indexes
 * them afterwards), so each poll asks again for the 5 minutes behind the newest update already seen.
 */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;
export const MAX_OVERLAP_MS = 24 * 3_600_000;

/**
 * A watch duration (`30s`, `5m`, `1h30m`) in milliseconds, at least 1 s and at most `max`; anything else is a
 * usage error (exit 2) before any AWS call.
 */
export function parseWatchDuration(value: string, flag: string, max: number): number {
  const accepted = 'use a duration such as 30s, 5m or 1h (at least 1s)';
  const ms = parseDuration(value);
  if (ms === undefined) {
    const bare = /^\s*\d+(\.\d+)?\s*$/.test(value);
    throw new UsageError(bare ? `${flag}: "${value}" has no unit; ${accepted}, e.g. ${value.trim()}s` : `${flag}: "${value}" is not a duration; ${accepted}`);
  }
  if (ms < MIN_WATCH_MS) throw new UsageError(`${flag}: "${value}" is shorter than 1s; ${accepted}`);
  if (ms > max) throw new UsageError(`${flag}: "${value}" is longer than ${humanDuration(max)}; ${accepted}`);
  return ms;
}

/** `1s`, `90s` → `1m30s`, `24h`, `24d`: how help and notes name a duration. */
export function humanDuration(ms: number): string {
  let s = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  return parts.join('') || '0s';
}

/**
 * Validates every watch flag before any AWS call. The filters are `findings list`'s own (parseListFlags); --limit
 * and --sort are refused with the reason, since a watch has no last finding to count to and prints findings as they
 * change.
 */
export function parseWatchFlags(flags: WatchFlags, now: number): WatchRequest {
  const { interval, for: forValue, overlap, limit, sort, ...list } = flags;
  if (limit !== undefined) {
    throw new UsageError('--limit is a findings list option: a watch prints every new or updated finding as it arrives', [
      'Stop the watch after a while with --for (e.g. --for 15m), or at the first serious finding with --fail-on high.',
    ]);
  }
  if (sort !== undefined) {
    throw new UsageError('--sort is a findings list option: a watch prints findings as they are created or updated (what each poll finds, newest first)');
  }
  const intervalMs = interval === undefined ? DEFAULT_INTERVAL_MS : parseWatchDuration(interval, '--interval', MAX_INTERVAL_MS);
  const forMs = forValue === undefined ? undefined : parseWatchDuration(forValue, '--for', MAX_FOR_MS);
  const overlapMs = overlap === undefined ? DEFAULT_OVERLAP_MS : parseWatchDuration(overlap, '--overlap', MAX_OVERLAP_MS);
  const parsed = parseListFlags(list, now);
  const start = parsed.filter.since ?? now;
  const request: WatchRequest = { filter: { ...parsed.filter, since: start }, start, intervalMs, overlapMs, notes: parsed.notes };
  if (forMs !== undefined) request.forMs = forMs;
  if (parsed.failOn) request.failOn = parsed.failOn;
  return request;
}
