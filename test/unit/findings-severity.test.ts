import { describe, expect, it } from 'vitest';
import { atOrAbove, parseSeverity, severityName } from '../../src/core/severity.js';
import { summaryLine } from '../../src/core/findings-summary.js';
import { UsageError } from '../../src/errors.js';

describe('severity bands', () => {
  it.each([
    [1.0, 'low'],
    [2, 'low'],
    [3.9, 'low'],
    [3.95, 'low'],
    [4.0, 'medium'],
    [5.3, 'medium'],
    [6.9, 'medium'],
    [7.0, 'high'],
    [8, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [9.2, 'critical'],
    [10, 'critical'],
    [0, 'low'],
  ])('%d is %s', (score, name) => {
    expect(severityName(score)).toBe(name);
  });

  it('"at or above" compares against the band floor', () => {
    expect(atOrAbove(6.9, 'high')).toBe(false);
    expect(atOrAbove(7, 'high')).toBe(true);
    expect(atOrAbove(9.2, 'high')).toBe(true);
    expect(atOrAbove(8.9, 'critical')).toBe(false);
  });

  it('parses names case-insensitively and rejects anything else with the accepted values', () => {
    expect(parseSeverity(' Critical ', '--fail-on')).toBe('critical');
    expect(() => parseSeverity('severe', '--fail-on')).toThrow(UsageError);
    expect(() => parseSeverity('8', '--severity')).toThrow(/use one of low, medium, high, critical/);
  });

  it('summary line counts by band, most severe first, leaving out empty bands', () => {
    expect(summaryLine({ low: 3, medium: 0, high: 2, critical: 1 })).toBe('6 findings: 1 critical, 2 high, 3 low');
    expect(summaryLine({ low: 0, medium: 1, high: 0, critical: 0 })).toBe('1 finding: 1 medium');
    expect(summaryLine({ low: 0, medium: 0, high: 0, critical: 0 })).toBe('no findings');
  });
});
