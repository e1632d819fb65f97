import { describe, expect, it } from 'vitest';
import { parseFrequency } from '../../src/domain/frequency.js';
import { UsageError } from '../../src/errors.js';

describe('parseFrequency', () => {
  it.each([
    ['15m', 'FIFTEEN_MINUTES'],
    ['15min', 'FIFTEEN_MINUTES'],
    ['15 minutes', 'FIFTEEN_MINUTES'],
    ['fifteen_minutes', 'FIFTEEN_MINUTES'],
    ['1h', 'ONE_HOUR'],
    ['60m', 'ONE_HOUR'],
    ['one-hour', 'ONE_HOUR'],
    ['6h', 'SIX_HOURS'],
    ['6 hours', 'SIX_HOURS'],
    ['360m', 'SIX_HOURS'],
    ['SIX_HOURS', 'SIX_HOURS'],
  ])('%s → %s', (input, expected) => {
    expect(parseFrequency(input)).toBe(expected);
  });

  it.each(['5m', '2h', 'hourly', '', '15', '-15m'])('rejects %j with exit 2 and the accepted values', (input) => {
    let error: unknown;
    try {
      parseFrequency(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).details.join(' ')).toMatch(/15m \(FIFTEEN_MINUTES\), 1h \(ONE_HOUR\), 6h \(SIX_HOURS\)/);
  });
});
