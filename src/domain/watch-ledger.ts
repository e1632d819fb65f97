import type { Finding } from '@aws-sdk/client-guardduty';

/** How a watch labels a finding state it prints: first seen by this watch, or a later state of one. */
export type WatchState = 'new' | 'updated';

/** One finding state a watch prints, with the region it was listed in. */
export interface WatchedFinding {
  region: string;
  state: WatchState;
  finding: Finding;
}

/** What decides whether a finding state is new to a watch: its id, and when and how often it occurred. */
export interface FindingVersion {
  id: string;
  /** Epoch ms; NaN when the answer had no readable time. */
  createdAt: number;
  updatedAt: number;
  count: number;
}

/** The parts of a finding the ledger compares; undefined for a finding without an id (nothing to tell it by). */
export function versionOf(f: Finding): FindingVersion | undefined {
  if (typeof f.Id !== 'string' || f.Id === '') return undefined;
  const count = f.Service?.Count;
  return {
    id: f.Id,
    createdAt: Date.parse(f.CreatedAt ?? ''),
    updatedAt: Date.parse(f.UpdatedAt ?? ''),
    count: typeof count === 'number' && Number.isFinite(count) ? count : 1,
  };
}

interface Known {
  updatedAt: number;
  count: number;
}

/**
 * What a watch of one region remembers so that it never prints the same finding state twice, in memory that does
 * not grow with time: only the findings updated within `overlapMs` behind the high-water mark (the newest
 * updatedAt seen), which are exactly those the next poll can list again.
 *
 * Each poll asks for findings updated at or after `queryFrom()`: the mark minus the overlap (findings that reach
 * ListFindings late are still listed), never before the start. Findings it lists go through `observe`; once the
 * poll has listed everything, `settle` moves the mark and forgets what fell behind the window. A poll that
 * failed half-way does not settle, so the next one asks from the same point again.
 */
export class WatchLedger {
  private readonly known = new Map<string, Known>();
  private mark: number;
  private newest: number;

  constructor(
    /** Nothing updated before this instant (epoch ms) is printed: the watch's start, or --since. */
    readonly start: number,
    readonly overlapMs: number,
  ) {
    this.mark = start;
    this.newest = start;
  }

  /** The newest updatedAt of a settled poll (epoch ms); the start until something newer was seen. */
  get highWaterMark(): number {
    return this.mark;
  }

  /** How many findings are remembered. */
  get size(): number {
    return this.known.size;
  }

  /** The updatedAt lower bound (epoch ms) for the next ListFindings. */
  queryFrom(): number {
    return Math.max(this.start, this.mark - this.overlapMs);
  }

  /**
   * Whether to print this finding state, and as what: undefined for a state already printed or older than one
   * printed (an index can answer with a stale copy), and for a finding outside the window asked for. A finding
   * not remembered is `new` unless it was created before the window (it was created before the watch's start, or
   * printed long ago and forgotten, so this is an update of it). A finding without a readable updatedAt counts as
   * updated at the window's start: it was listed, so it is at least that recent.
   */
  observe(v: FindingVersion): WatchState | undefined {
    const from = this.queryFrom();
    const updatedAt = Number.isFinite(v.updatedAt) ? v.updatedAt : from;
    if (updatedAt < from) return undefined;
    const before = this.known.get(v.id);
    if (before && !(updatedAt > before.updatedAt || (updatedAt === before.updatedAt && v.count > before.count))) return undefined;
    this.known.set(v.id, { updatedAt, count: v.count });
    if (updatedAt > this.newest) this.newest = updatedAt;
    if (before) return 'updated';
    return Number.isFinite(v.createdAt) && v.createdAt < from ? 'updated' : 'new';
  }

  /**
   * After a poll that listed everything: the mark moves to the newest updatedAt seen, but never past `now` (a
   * finding stamped in the future, from a broken clock or answer, must not move the window past every real one),
   * and what is now behind the window is forgotten.
   */
  settle(now: number): void {
    this.mark = Math.max(this.mark, Math.min(this.newest, now));
    const from = this.queryFrom();
    for (const [id, k] of this.known) if (k.updatedAt < from) this.known.delete(id);
  }
}

/** The longest wait between attempts while a region keeps failing. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * The wait before the next poll after `failures` failed ones in a row (1, 2, ...): the interval, doubled with
 * each further failure up to MAX_BACKOFF_MS (or the interval, if longer), of which a random half is left out
 * (`random` in [0, 1)) so that regions and machines that failed together do not retry together.
 */
export function backoffDelay(failures: number, intervalMs: number, random: number): number {
  const ceiling = Math.max(MAX_BACKOFF_MS, intervalMs);
  const full = Math.min(ceiling, intervalMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  return Math.round(full / 2 + (full / 2) * Math.min(Math.max(random, 0), 1));
}
