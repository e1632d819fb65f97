import { UsageError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

// GuardDuty finding ids: 1–300 characters; the service issues lower-case hex, samples included.
const FINDING_ID = /^[a-z0-9]{1,300}$/;

/** Validates finding ids before any AWS call (exit 2 on the first bad one), dropping repeats. */
export function parseFindingIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (!FINDING_ID.test(id)) {
      throw new UsageError(`"${sanitize(raw)}" is not a GuardDuty finding id (1–300 lower-case letters and digits, e.g. 32 hex characters)`, [
        'List ids with: gdeks findings list',
      ]);
    }
    out.add(id);
  }
  return [...out];
}
