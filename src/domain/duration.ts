import { UsageError } from '../errors.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
const PART = /(\d+(?:\.\d+)?)([smhdw])/g;
// Date, or date and time with optional seconds, fraction and offset. Checked before Date.parse, which
// accepts almost anything ("1" is the year 2001).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A duration such as `30m`, `24h`, `7d`, `2w` or `1d12h`, in milliseconds; undefined when `value` is not one. */
export function parseDuration(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return Math.round(ms);
}

/**
 * `--since`: a duration back from `now` or an ISO-8601 date/time, as epoch milliseconds (the unit GuardDuty's
 * `updatedAt` criterion takes). A date or time without an offset is UTC, like every timestamp GuardDuty shows.
 */
const MAX_LOOKBACK_MS = 10 * 366 * 24 * 3600 * 1000;

export function parseSince(value: string, now: number, flag = '--since'): number {
  const accepted = 'use a duration (30m, 24h, 7d, 2w) or an ISO date/time (2026-11-01, 2026-11-01T08:00:00Z)';
  const duration = parseDuration(value);
  if (duration !== undefined) {
    if (duration <= 0) throw new UsageError(`${flag}: "${value}" is an empty duration; ${accepted}`);
    // GuardDuty keeps findings 90 days; a duration beyond any real date (or Infinity) must not become a criterion.
    if (!Number.isFinite(duration) || duration > MAX_LOOKBACK_MS) {
      throw new UsageError(`${flag}: "${value}" reaches back more than 10 years (GuardDuty keeps findings for 90 days); ${accepted}`);
    }
    return now - duration;
  }
  const m = ISO.exec(value.trim());
  if (!m) throw new UsageError(`${flag}: "${value}" is neither a duration nor an ISO date/time; ${accepted}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  // Milliseconds are all Date.parse keeps; longer fractions (nanoseconds) are cut, not rejected.
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${normalizeZone(zone)}`);
  // Date.parse rolls 2026-02-30 over to March; a date that does not round-trip does not exist.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid =
    !Number.isNaN(ms) &&
    check.getUTCFullYear() === Number(y) &&
    check.getUTCMonth() === Number(mo) - 1 &&
    check.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60;
  if (!valid) throw new UsageError(`${flag}: "${value}" is not a valid date/time; ${accepted}`);
  if (ms > now) throw new UsageError(`${flag}: "${value}" is in the future; ${accepted}`);
  return ms;
}

function normalizeZone(zone: string | undefined): string {
  if (zone === undefined || /^z$/i.test(zone)) return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}
