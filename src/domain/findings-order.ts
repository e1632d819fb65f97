import type { Finding } from '@aws-sdk/client-guardduty';
import type { SortKey } from './findings-criteria.js';
import { scoreOf } from './severity.js';

/**
 * The one order of `findings list`, for every output format, with or without --limit. With --sort severity
 * (the default): most severe first, then most recently updated, then by id (so equal findings always come out
 * the same way); with --sort updated: most recently updated first, then most severe, then by id.
 */
export function compareFindings(sort: SortKey): (a: Finding, b: Finding) => number {
  const bySeverity = (a: Finding, b: Finding) => scoreOf(b.Severity) - scoreOf(a.Severity);
  const byUpdated = (a: Finding, b: Finding) => updatedMs(b) - updatedMs(a);
  const byId = (a: Finding, b: Finding) => ((a.Id ?? '') < (b.Id ?? '') ? -1 : (a.Id ?? '') > (b.Id ?? '') ? 1 : 0);
  const [first, second] = sort === 'severity' ? [bySeverity, byUpdated] : [byUpdated, bySeverity];
  return (a, b) => first(a, b) || second(a, b) || byId(a, b);
}

export function updatedMs(f: Finding): number {
  const ms = Date.parse(f.UpdatedAt ?? '');
  return Number.isNaN(ms) ? 0 : ms;
}

/** The attribute ListFindings sorts on (see buildSortCriteria): findings equal on it form a run. */
const primaryKey = (sort: SortKey) => (f: Finding): number => (sort === 'severity' ? scoreOf(f.Severity) : updatedMs(f));

/**
 * Puts findings arriving in ListFindings order (sorted on one attribute only; ties in any order) into the full
 * order of compareFindings, holding back only the current run of findings equal on that attribute: each run
 * is sorted when the next one starts. With a limit, it keeps only what can still make the head of the order
 * and reports `done` once the first `limit` findings are known, so the listing can stop there.
 */
export class FindingsOrder {
  private readonly compare: (a: Finding, b: Finding) => number;
  private readonly key: (f: Finding) => number;
  private run: Finding[] = [];
  private runKey = 0;
  /** Findings handed out so far. */
  emitted = 0;
  /** More findings matched than the limit let through. */
  truncated = false;
  /** The first `limit` findings are out: the rest of the listing cannot change them. */
  done = false;

  constructor(sort: SortKey, private readonly limit = Number.POSITIVE_INFINITY) {
    this.compare = compareFindings(sort);
    this.key = primaryKey(sort);
  }

  /** The next findings in ListFindings order; returns those whose place in the order is now settled. */
  push(findings: readonly Finding[]): Finding[] {
    const ready: Finding[] = [];
    for (const f of findings) {
      if (this.done) {
        this.truncated = true;
        break;
      }
      const k = this.key(f);
      if (this.run.length > 0 && k !== this.runKey) ready.push(...this.flush());
      if (this.done) {
        this.truncated = true;
        break;
      }
      this.runKey = k;
      this.run.push(f);
      // With a limit, a run longer than what is left to show is cut back now and then, so memory stays bounded.
      const room = this.limit - this.emitted;
      if (this.run.length >= 2 * room + 50) this.trim(room);
    }
    return ready;
  }

  /** The listing is over: the last run, in order. */
  end(): Finding[] {
    return this.flush();
  }

  private trim(room: number): void {
    this.run.sort(this.compare);
    if (this.run.length > room) {
      this.run.length = room;
      this.truncated = true;
    }
  }

  private flush(): Finding[] {
    const room = this.limit - this.emitted;
    this.trim(room);
    const out = this.run;
    this.run = [];
    this.emitted += out.length;
    if (this.emitted >= this.limit) this.done = true;
    return out;
  }
}
