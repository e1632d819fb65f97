import { UsageError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

// GuardDuty finding ids: 1–300 characters; the service issues lower-case hex, samples included.
const FINDING_ID = /^[a-z0-9]{1,300}$/;

/** Validates finding ids before any AWS call (exit 2 on the first bad one), dropping repeats. */
export function parseFindingIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  const bad: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (FINDING_ID.test(id)) out.add(id);
    else bad.push(`"${sanitize(raw)}"`);
  }
  // Every bad id at once, as bad input is reported everywhere: one run shows all there is to fix.
  if (bad.length > 0) {
    const shown = bad.length > 20 ? [...bad.slice(0, 20), `and ${bad.length - 20} more`] : bad;
    const what = bad.length === 1 ? `${bad[0]} is not a GuardDuty finding id` : `${bad.length} arguments are not GuardDuty finding ids: ${shown.join(', ')}`;
    throw new UsageError(`${what} (1–300 lower-case letters and digits, e.g. 32 hex characters)`, ['List ids with: gdeks findings list']);
  }
  return [...out];
}
