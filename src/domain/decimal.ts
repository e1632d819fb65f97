/**
 * Exact decimal arithmetic on the amounts GuardDuty's usage statistics return as strings ("12.34", "0.000001").
 * A number is a BigInt of units at a scale (digits after the point), so sums never pick up binary rounding:
 * 0.1 + 0.2 is "0.3", and "12345678.9" + "0.000001" is "12345678.900001".
 */

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

// Plain decimals, optionally signed, with an optional exponent ("1.2E-5"), as a JSON number may be written.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/** Parses a decimal string; undefined when it is not one (empty, "NaN", "1,000", "0x10"). */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = `${whole}${fraction}` || '0';
  let scale = fraction.length - Number(exponent);
  let units = BigInt(digits);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

/** The same value at a larger scale (never loses digits). */
function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** The exact sum; its scale is the largest of the addends' (so "1.5" + "2.25" is "3.75", and no sum is "0"). */
export function addDecimals(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((sum, v) => sum + rescale(v, scale), 0n), scale };
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isZero = (d: Decimal): boolean => d.units === 0n;

/** Plain notation, never an exponent, every digit of the scale kept: { units: 1n, scale: 6 } is "0.000001". */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = digits.slice(digits.length - d.scale);
  return `${negative ? '-' : ''}${whole}${d.scale > 0 ? `.${fraction}` : ''}`;
}

/**
 * `d × numerator / denominator`, rounded half away from zero at `scale` digits: the monthly estimate from a
 * shorter period (a cost over 7 days, times 30/7).
 */
export function scaleDecimal(d: Decimal, numerator: bigint, denominator: bigint, scale: number): Decimal {
  if (denominator <= 0n) throw new RangeError('scaleDecimal: the denominator must be positive');
  const shift = scale - d.scale;
  let n = d.units * numerator;
  let q = denominator;
  if (shift >= 0) n *= 10n ** BigInt(shift);
  else q *= 10n ** BigInt(-shift);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let units = abs / q;
  if ((abs % q) * 2n >= q) units += 1n;
  return { units: negative ? -units : units, scale };
}
