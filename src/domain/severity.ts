import { UsageError } from '../errors.js';

/** GuardDuty's severity bands (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html). */
export const SEVERITY_NAMES = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityName = (typeof SEVERITY_NAMES)[number];

/** The lowest score of each band: `--severity high` means severity >= 7. */
export const SEVERITY_FLOOR: Readonly<Record<SeverityName, number>> = { low: 1, medium: 4, high: 7, critical: 9 };

/** GuardDuty scores run from 1.0 to 10.0. */
export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 10;

/** A `--severity` / `--fail-on` threshold: the lowest score that counts, and the band name or score the user gave. */
export interface SeverityThreshold {
  floor: number;
  label: string;
}

/**
 * The band of a numeric severity: low 1.0–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10.0. Scores are
 * doubles; anything between the documented bands' edges (3.95) belongs to the lower band, as GuardDuty's
 * console shows it. Below 1 (not produced by GuardDuty) still reads as low rather than failing.
 */
export function severityName(score: number): SeverityName {
  if (score >= SEVERITY_FLOOR.critical) return 'critical';
  if (score >= SEVERITY_FLOOR.high) return 'high';
  if (score >= SEVERITY_FLOOR.medium) return 'medium';
  return 'low';
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * `--severity` / `--fail-on`: a band name (case-insensitive) or a whole score 1–10, both meaning "that or
 * above". Whole scores only: GuardDuty's severity criterion (GreaterThanOrEqual) takes an integer.
 */
export function parseSeverity(value: string, flag: string): SeverityThreshold {
  const text = value.trim().toLowerCase();
  if ((SEVERITY_NAMES as readonly string[]).includes(text)) return { floor: SEVERITY_FLOOR[text as SeverityName], label: text };
  const accepted = `use one of ${SEVERITY_NAMES.join(', ')} or a score from ${SEVERITY_MIN} to ${SEVERITY_MAX} (that level or above)`;
  if (NUMBER.test(text)) {
    const n = Number(text);
    if (n < SEVERITY_MIN || n > SEVERITY_MAX) {
      throw new UsageError(`${flag}: ${value.trim()} is out of range: GuardDuty severity scores run from ${SEVERITY_MIN} to ${SEVERITY_MAX}`, [
        `e.g. ${flag} 7 (7.0 or above), or ${flag} high`,
      ]);
    }
    if (!Number.isInteger(n)) {
      throw new UsageError(`${flag}: ${value.trim()} is not a whole score; GuardDuty filters severity on whole numbers (${SEVERITY_MIN}–${SEVERITY_MAX})`, [
        `e.g. ${flag} ${Math.floor(n)} (${Math.floor(n)}.0 or above)`,
      ]);
    }
    return { floor: n, label: String(n) };
  }
  throw new UsageError(`${flag}: "${value}" is not a severity; ${accepted}`);
}

/**
 * A finding's score for every decision and order: a missing or non-numeric severity (a malformed answer)
 * counts as the most severe, so --fail-on fails closed and the finding sorts first instead of passing as low.
 */
export function scoreOf(severity: unknown): number {
  return typeof severity === 'number' && Number.isFinite(severity) ? severity : SEVERITY_MAX;
}

/** True when `score` is at `threshold` or above. */
export function atOrAbove(score: number, threshold: SeverityThreshold): boolean {
  return score >= threshold.floor;
}
