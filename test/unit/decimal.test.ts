import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, formatDecimal, parseDecimal, scaleDecimal, type Decimal } from '../../src/domain/decimal.js';

const d = (s: string): Decimal => {
  const v = parseDecimal(s);
  if (!v) throw new Error(`not a decimal: ${s}`);
  return v;
};
const sum = (...s: string[]) => formatDecimal(addDecimals(s.map(d)));

describe('exact decimals for usage amounts', () => {
  it('adds without binary rounding: 0.1 + 0.2 is 0.3, not 0.30000000000000004', () => {
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3); // what a float sum would print
  });

  it('keeps every digit of the most precise addend: 12345678.9 + 0.000001', () => {
    expect(sum('12345678.9', '0.000001')).toBe('12345678.900001');
    expect(sum('0.000001', '0.000001', '0.000001')).toBe('0.000003');
  });

  it('adds amounts past the float range exactly', () => {
    expect(sum('9007199254740993.01', '0.99')).toBe('9007199254740994.00');
    expect(sum(...Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
  });

  it('formats as given: leading zeros, trailing zeros and the scale kept, never an exponent', () => {
    for (const s of ['0.000001', '12345678.9', '12.30', '0', '0.00', '-1.50', '100']) expect(formatDecimal(d(s))).toBe(s);
    expect(formatDecimal(d('1.2E-5'))).toBe('0.000012');
    expect(formatDecimal(d('1.5e3'))).toBe('1500');
    expect(formatDecimal(d('.5'))).toBe('0.5');
  });

  it('rejects what is not a decimal', () => {
    for (const s of ['', '.', 'NaN', 'Infinity', '1,000.00', '0x10', '12.34 USD', '1e', '--1']) expect(parseDecimal(s), s).toBeUndefined();
  });

  it('compares across scales', () => {
    expect(compareDecimals(d('1.50'), d('1.5'))).toBe(0);
    expect(compareDecimals(d('0.000001'), d('0'))).toBe(1);
    expect(compareDecimals(d('99.99'), d('100'))).toBe(-1);
  });

  it('scales by a ratio, rounding half away from zero at the scale asked', () => {
    // 7 days' cost per 30 days.
    expect(formatDecimal(scaleDecimal(d('7.00'), 30n, 7n, 2))).toBe('30.00');
    expect(formatDecimal(scaleDecimal(d('1.00'), 30n, 7n, 2))).toBe('4.29'); // 4.2857…
    expect(formatDecimal(scaleDecimal(d('0.000001'), 30n, 7n, 6))).toBe('0.000004');
    expect(formatDecimal(scaleDecimal(d('0.01'), 1n, 2n, 2))).toBe('0.01'); // 0.005 rounds up
    expect(formatDecimal(scaleDecimal(d('-0.01'), 1n, 2n, 2))).toBe('-0.01');
    expect(formatDecimal(scaleDecimal(d('12345678.9'), 30n, 10n, 2))).toBe('37037036.70');
    expect(() => scaleDecimal(d('1'), 1n, 0n, 2)).toThrow(RangeError);
  });
});
