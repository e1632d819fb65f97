import { describe, expect, it } from 'vitest';
import { buildFindingCriteria } from '../../src/domain/findings-criteria.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_OVERLAP_MS, humanDuration, parseWatchDuration, parseWatchFlags } from '../../src/domain/watch-flags.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('findings watch flags', () => {
  it('defaults: from now, every 60 s, until stopped, a 5-minute overlap', () => {
    const r = parseWatchFlags({}, NOW);
    expect(r).toMatchObject({ start: NOW, intervalMs: DEFAULT_INTERVAL_MS, overlapMs: DEFAULT_OVERLAP_MS });
    expect(r.forMs).toBeUndefined();
    expect(r.filter.since).toBe(NOW);
  });

  it('--since sets the start point back; the filters are findings list\'s own', () => {
    const r = parseWatchFlags({ since: '1h', severity: 'high', cluster: ['prod'], excludeSamples: true, failOn: 'critical' }, NOW);
    expect(r.start).toBe(NOW - 3_600_000);
    expect(r.failOn?.floor).toBe(9);
    expect(buildFindingCriteria(r.filter).Criterion).toMatchObject({
      severity: { GreaterThanOrEqual: 7 },
      'resource.eksClusterDetails.name': { Equals: ['prod'] },
      'service.additionalInfo.sample': { NotEquals: ['true'] },
      updatedAt: { GreaterThanOrEqual: NOW - 3_600_000 },
    });
  });

  it.each([
    ['30s', 30_000],
    ['1s', 1_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
  ])('--interval %s → %d ms', (value, ms) => {
    expect(parseWatchFlags({ interval: value }, NOW).intervalMs).toBe(ms);
    expect(parseWatchFlags({ for: value }, NOW).forMs).toBe(ms);
  });

  it.each([
    ['0s', /shorter than 1s/],
    ['0', /no unit/],
    ['30', /no unit.*e\.g\. 30s/],
    ['0.5s', /shorter than 1s/],
    ['-5s', /not a duration/],
    ['soon', /not a duration/],
    ['', /not a duration/],
    ['2d', /longer than 1d/],
  ])('--interval %s is refused', (value, message) => {
    expect(usageMessage(() => parseWatchFlags({ interval: value }, NOW))).toMatch(message);
  });

  it('--for and --overlap are checked alike', () => {
    expect(usageMessage(() => parseWatchFlags({ for: '0s' }, NOW))).toMatch(/^--for: .*shorter than 1s/);
    expect(usageMessage(() => parseWatchFlags({ for: '30d' }, NOW))).toMatch(/^--for: .*longer than 24d/);
    expect(usageMessage(() => parseWatchFlags({ overlap: 'x' }, NOW))).toMatch(/^--overlap: /);
    expect(parseWatchDuration('24d', '--for', 24 * 86_400_000)).toBe(24 * 86_400_000);
  });

  it('--limit and --sort are refused with the reason', () => {
    expect(usageMessage(() => parseWatchFlags({ limit: '5' }, NOW))).toMatch(/--limit is a findings list option/);
    expect(usageMessage(() => parseWatchFlags({ sort: 'updated' }, NOW))).toMatch(/--sort is a findings list option/);
  });

  it('bad filter values are findings list\'s usage errors', () => {
    expect(usageMessage(() => parseWatchFlags({ severity: 'urgent' }, NOW))).toMatch(/--severity/);
    expect(usageMessage(() => parseWatchFlags({ since: 'tomorrow' }, NOW))).toMatch(/--since/);
  });

  it('humanDuration names durations as the flags take them', () => {
    expect(humanDuration(1_000)).toBe('1s');
    expect(humanDuration(90_000)).toBe('1m30s');
    expect(humanDuration(86_400_000)).toBe('1d');
  });
});
