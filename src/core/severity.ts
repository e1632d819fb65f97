import { UsageError } from '../errors.js';

/** GuardDuty's severity bands (design.md "Severity"; guardduty-facts.md §2). */
export const SEVERITY_NAMES = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityName = (typeof SEVERITY_NAMES)[number];

/** The lowest score of each band: `--severity high` means severity >= 7. */
export const SEVERITY_FLOOR: Readonly<Record<SeverityName, number>> = { low: 1, medium: 4, high: 7, critical: 9 };

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

/** `--severity` / `--fail-on`: a band name, case-insensitive; anything else is a usage error naming the choices. */
export function parseSeverity(value: string, flag: string): SeverityName {
  const name = value.trim().toLowerCase();
  if ((SEVERITY_NAMES as readonly string[]).includes(name)) return name as SeverityName;
  throw new UsageError(`${flag}: "${value}" is not a severity; use one of ${SEVERITY_NAMES.join(', ')} (that level or above)`);
}

/** True when `score` is in `threshold`'s band or above. */
export function atOrAbove(score: number, threshold: SeverityName): boolean {
  return score >= SEVERITY_FLOOR[threshold];
}
