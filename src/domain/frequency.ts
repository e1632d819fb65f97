import { FindingPublishingFrequency } from '@aws-sdk/client-guardduty';
import { UsageError } from '../errors.js';

export type Frequency = (typeof FindingPublishingFrequency)[keyof typeof FindingPublishingFrequency];

const MINUTES: Record<Frequency, number> = { FIFTEEN_MINUTES: 15, ONE_HOUR: 60, SIX_HOURS: 360 };
const SHORT: Record<Frequency, string> = { FIFTEEN_MINUTES: '15m', ONE_HOUR: '1h', SIX_HOURS: '6h' };

/** The short names `--frequency` and `export-frequency` take (15m, 1h, 6h), in the API's order. */
export function shortFrequencies(): string[] {
  return Object.values(SHORT);
}

export function shortFrequency(f: string | undefined): string {
  return f && f in SHORT ? SHORT[f as Frequency] : (f ?? 'unknown');
}

/** `15m`, `15min`, `1h`, `60m`, `6 hours`, `FIFTEEN_MINUTES`, `one-hour`... → the API value. */
export function parseFrequency(value: string, flag = 'frequency'): Frequency {
  const text = value.trim();
  const apiName = text.toUpperCase().replace(/-/g, '_');
  const known = Object.values(FindingPublishingFrequency) as Frequency[];
  if ((known as string[]).includes(apiName)) return apiName as Frequency;
  const m = /^(\d+)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours)$/i.exec(text);
  if (m) {
    const n = Number(m[1]);
    const minutes = /^h/i.test(m[2] ?? '') ? n * 60 : n;
    const match = known.find((f) => MINUTES[f] === minutes);
    if (match) return match;
  }
  throw new UsageError(`${flag}: "${value}" is not a publishing frequency GuardDuty offers`, [
    `Accepted: ${known.map((f) => `${SHORT[f]} (${f})`).join(', ')}.`,
  ]);
}
