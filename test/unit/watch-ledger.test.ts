import type { Finding } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS, versionOf, WatchLedger, type FindingVersion } from '../../src/domain/watch-ledger.js';

const START = Date.parse('2026-11-25T12:00:00Z');
const MIN = 60_000;
const OVERLAP = 5 * MIN;

const v = (id: string, updatedAt: number, count = 1, createdAt = updatedAt): FindingVersion => ({ id, createdAt, updatedAt, count });

describe('WatchLedger: what a watch prints', () => {
  it('a finding created after the start is new; the same state listed again is not printed', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('a', START + 1_000))).toBe('new');
    expect(ledger.observe(v('a', START + 1_000))).toBeUndefined();
    ledger.settle(START + 2_000);
    // The next poll lists it again (it is inside the overlap): still not printed.
    expect(ledger.observe(v('a', START + 1_000))).toBeUndefined();
  });

  it('a higher count is printed once as updated, and a newer updatedAt once more', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('a', START + 1_000, 1))).toBe('new');
    expect(ledger.observe(v('a', START + 1_000, 2))).toBe('updated');
    expect(ledger.observe(v('a', START + 1_000, 2))).toBeUndefined();
    expect(ledger.observe(v('a', START + 5_000, 3, START + 1_000))).toBe('updated');
    expect(ledger.observe(v('a', START + 5_000, 3, START + 1_000))).toBeUndefined();
  });

  it('a stale copy (older updatedAt, or the same updatedAt with a lower count) is never printed after a newer state', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    ledger.observe(v('a', START + 5_000, 3, START + 1_000));
    expect(ledger.observe(v('a', START + 1_000, 1))).toBeUndefined();
    expect(ledger.observe(v('a', START + 5_000, 2, START + 1_000))).toBeUndefined();
  });

  it('findings updated before the start are not printed; one created before it but updated after is "updated"', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('old', START - 1))).toBeUndefined();
    expect(ledger.observe(v('recurring', START + 10, 7, START - 3_600_000))).toBe('updated');
  });

  it('asks from the start until something newer is seen, then from the mark minus the overlap (never before the start)', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.queryFrom()).toBe(START);
    ledger.observe(v('a', START + 2 * MIN));
    ledger.settle(START + 3 * MIN);
    expect(ledger.highWaterMark).toBe(START + 2 * MIN);
    expect(ledger.queryFrom()).toBe(START); // 2 min − 5 min is before the start
    ledger.observe(v('b', START + 20 * MIN));
    ledger.settle(START + 21 * MIN);
    expect(ledger.queryFrom()).toBe(START + 15 * MIN);
  });

  it('the mark moves only when a poll settles: a poll that failed half-way asks from the same point again', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    ledger.observe(v('a', START + 20 * MIN));
    expect(ledger.queryFrom()).toBe(START);
    expect(ledger.highWaterMark).toBe(START);
  });

  it('a finding stamped in the future does not move the mark past now', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('future', START + 365 * 24 * 60 * MIN))).toBe('new');
    ledger.settle(START + MIN);
    expect(ledger.highWaterMark).toBe(START + MIN);
    // A finding updated just after the start is still inside the window.
    expect(ledger.observe(v('b', START + 30_000))).toBe('new');
  });

  it('the window prunes: findings behind the mark minus the overlap are forgotten as the mark moves', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    ledger.observe(v('early', START + MIN));
    ledger.observe(v('later', START + 4 * MIN));
    ledger.settle(START + 4 * MIN);
    expect(ledger.size).toBe(2);
    ledger.observe(v('latest', START + 8 * MIN));
    ledger.settle(START + 8 * MIN);
    // from = 8 − 5 = 3 min: "early" (1 min) is forgotten, "later" (4 min) kept.
    expect(ledger.queryFrom()).toBe(START + 3 * MIN);
    expect(ledger.size).toBe(2);
    // Outside the window: not printed (the query never asks for it; a server that answers anyway is ignored).
    expect(ledger.observe(v('early', START + MIN))).toBeUndefined();
    // Still remembered: not printed again.
    expect(ledger.observe(v('later', START + 4 * MIN))).toBeUndefined();
  });

  it('a finding printed, forgotten and then updated again is printed as updated (it was created before the window)', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('a', START + MIN))).toBe('new');
    ledger.observe(v('b', START + 30 * MIN));
    ledger.settle(START + 30 * MIN);
    expect(ledger.size).toBe(1);
    expect(ledger.observe(v('a', START + 31 * MIN, 2, START + MIN))).toBe('updated');
  });

  it('memory bound: over 100,000 findings arriving through hours of polls, the ledger holds only the window', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    // One finding every 100 ms of server time for 10,000 s (2.8 h), a poll settling every 10 s (100 findings).
    let t = START;
    let largest = 0;
    let printed = 0;
    for (let i = 0; i < 100_000; i++) {
      t += 100;
      if (ledger.observe(v(`f${i}`, t)) === 'new') printed++;
      if (i % 100 === 99) {
        ledger.settle(t);
        largest = Math.max(largest, ledger.size);
      }
    }
    expect(printed).toBe(100_000);
    // The window is 5 min = 3,000 findings (at 10 per second), plus the poll's 100.
    expect(largest).toBeLessThanOrEqual(OVERLAP / 100 + 100);
    expect(ledger.size).toBeLessThanOrEqual(OVERLAP / 100 + 1);
  });

  it('memory bound: one finding updated over and over is one entry, each change printed once', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    let printed = 0;
    for (let count = 1; count <= 10_000; count++) {
      const state = ledger.observe(v('hot', START + count * 1_000, count, START + 1_000));
      // Each poll sees it twice (a repeated page); the second sight prints nothing.
      ledger.observe(v('hot', START + count * 1_000, count, START + 1_000));
      if (state) printed++;
      ledger.settle(START + count * 1_000);
      expect(ledger.size).toBe(1);
    }
    expect(printed).toBe(10_000);
  });

  it('a finding without a readable updatedAt counts as updated at the window start: printed once per count', () => {
    const ledger = new WatchLedger(START, OVERLAP);
    expect(ledger.observe(v('x', Number.NaN, 1, Number.NaN))).toBe('new');
    expect(ledger.observe(v('x', Number.NaN, 1, Number.NaN))).toBeUndefined();
    expect(ledger.observe(v('x', Number.NaN, 2, Number.NaN))).toBe('updated');
  });
});

describe('versionOf', () => {
  it('reads id, times (ISO strings, as GuardDuty sends them) and count (1 when absent)', () => {
    const f: Finding = { Id: 'abc', CreatedAt: '2026-11-25T12:00:00.000Z', UpdatedAt: '2026-11-25T12:05:00.000Z', Service: { Count: 4 } } as Finding;
    expect(versionOf(f)).toEqual({ id: 'abc', createdAt: START, updatedAt: START + 5 * MIN, count: 4 });
    expect(versionOf({ ...f, Service: {} } as Finding)?.count).toBe(1);
    expect(versionOf({ ...f, Id: undefined } as unknown as Finding)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles with each failure from the interval, with up to half left out at random', () => {
    expect(backoffDelay(1, 10_000, 1)).toBe(10_000);
    expect(backoffDelay(1, 10_000, 0)).toBe(5_000);
    expect(backoffDelay(2, 10_000, 1)).toBe(20_000);
    expect(backoffDelay(3, 10_000, 0.5)).toBe(30_000);
  });

  it('is capped at 5 minutes (or the interval, when longer), however many failures', () => {
    expect(backoffDelay(50, 10_000, 1)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(1_000_000, 1_000, 1)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(3, 3_600_000, 1)).toBe(3_600_000);
  });
});
