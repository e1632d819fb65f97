import { describe, expect, it } from 'vitest';
import { parseDuration, parseSince } from '../../src/domain/duration.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1d12h', 129_600_000],
    ['1.5h', 5_400_000],
    ['90M', 5_400_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '24', 'h', '24 h', '-1h', '1y', '2026-11-01'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('--since', () => {
  it('a duration counts back from now', () => {
    expect(parseSince('24h', NOW)).toBe(NOW - 86_400_000);
  });

  it.each([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T08:30', '2026-11-01T08:30:00.000Z'],
    ['2026-11-01T08:30:15Z', '2026-11-01T08:30:15.000Z'],
    ['2026-11-01 08:30:15', '2026-11-01T08:30:15.000Z'],
    ['2026-11-01T08:30:15.123456Z', '2026-11-01T08:30:15.123Z'],
    ['2026-11-01T10:30:15+02:00', '2026-11-01T08:30:15.000Z'],
    ['2026-11-01T10:30:15+0200', '2026-11-01T08:30:15.000Z'],
  ])('%s is %s (no offset means UTC)', (text, iso) => {
    expect(new Date(parseSince(text, NOW)).toISOString()).toBe(iso);
  });

  it.each([
    ['0m', /empty duration/],
    ['1', /neither a duration nor an ISO date/],
    ['last week', /neither/],
    ['2026-13-01', /not a valid date/],
    ['2026-02-29', /not a valid date/],
    ['2026-11-01T25:00', /not a valid date/],
    ['2026-12-01', /in the future/],
  ])('%s is refused', (text, message) => {
    expect(() => parseSince(text, NOW)).toThrow(UsageError);
    expect(() => parseSince(text, NOW)).toThrow(message);
  });
});
