import { describe, expect, it } from 'vitest';
import { atOrAbove, parseSeverity, severityName } from '../../src/domain/severity.js';
import { failOnLine, summaryLine } from '../../src/domain/findings-summary.js';
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

  it('"at or above" compares against the band floor, or the score given', () => {
    const high = parseSeverity('high', '--fail-on');
    expect(atOrAbove(6.9, high)).toBe(false);
    expect(atOrAbove(7, high)).toBe(true);
    expect(atOrAbove(9.2, high)).toBe(true);
    expect(atOrAbove(8.9, parseSeverity('critical', '--fail-on'))).toBe(false);
    const six = parseSeverity('6', '--fail-on');
    expect(atOrAbove(5.9, six)).toBe(false);
    expect(atOrAbove(6, six)).toBe(true);
    expect(atOrAbove(6.5, six)).toBe(true);
  });

  it('parses names case-insensitively and rejects anything else with the accepted values', () => {
    expect(parseSeverity(' Critical ', '--fail-on')).toEqual({ floor: 9, label: 'critical' });
    expect(() => parseSeverity('severe', '--fail-on')).toThrow(UsageError);
    expect(() => parseSeverity('severe', '--severity')).toThrow(/use one of low, medium, high, critical or a score from 1 to 10/);
  });

  it.each([
    ['7', 7],
    [' 1 ', 1],
    ['10', 10],
    ['8.0', 8],
  ])('a score %j means that score or above', (value, floor) => {
    expect(parseSeverity(value, '--severity')).toEqual({ floor, label: String(floor) });
  });

  it.each([
    ['0', /--severity: 0 is out of range: GuardDuty severity scores run from 1 to 10/],
    ['11', /--severity: 11 is out of range/],
    ['-3', /--severity: -3 is out of range/],
    ['7.5', /--severity: 7\.5 is not a whole score/],
  ])('a score %j outside the whole numbers 1–10 is a usage error saying why', (value, message) => {
    expect(() => parseSeverity(value, '--severity')).toThrow(UsageError);
    expect(() => parseSeverity(value, '--severity')).toThrow(message);
  });

  it('--fail-on line: samples count, and the line says how many of the findings were samples', () => {
    expect(failOnLine('high', 3, 0)).toBe('--fail-on high: 3 findings at high or above');
    expect(failOnLine('7', 3, 1)).toBe('--fail-on 7: 3 findings at 7 or above (1 of them a sample)');
    expect(failOnLine('high', 3, 2)).toBe('--fail-on high: 3 findings at high or above (2 of them samples)');
    expect(failOnLine('critical', 2, 2)).toBe('--fail-on critical: 2 findings at critical or above (all samples)');
    expect(failOnLine('low', 1, 1)).toBe('--fail-on low: 1 finding at low or above (a sample)');
  });

  it('summary line counts by band, most severe first, leaving out empty bands', () => {
    expect(summaryLine({ low: 3, medium: 0, high: 2, critical: 1 })).toBe('6 findings: 1 critical, 2 high, 3 low');
    expect(summaryLine({ low: 0, medium: 1, high: 0, critical: 0 })).toBe('1 finding: 1 medium');
    expect(summaryLine({ low: 0, medium: 0, high: 0, critical: 0 })).toBe('no findings');
  });
});
