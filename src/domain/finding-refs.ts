import { UsageError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { isRegionName } from './regions.js';

/**
 * Finding ids the way people paste them: a full id, the start of one (as git takes a short commit hash), or the
 * finding's ARN, which also says its region. Pure: the lookups these call for happen in
 * src/workflows/finding-lookup.ts.
 */
export type FindingRef =
  | { kind: 'id'; id: string; given: string }
  | { kind: 'prefix'; prefix: string; given: string }
  | { kind: 'arn'; arn: string; region: string; accountId: string; detectorId: string; id: string; given: string };

/** GuardDuty's own ids are 32 lower-case hex characters; anything shorter is taken as the start of one. */
export const FULL_ID_LENGTH = 32;
/** A shorter start matches too much to be worth a listing (git's minimum abbreviation is 4 as well). */
export const MIN_PREFIX_LENGTH = 4;

// Finding ids: 1–300 characters (the API model); the service issues lower-case hex, samples included.
const FINDING_ID = /^[a-z0-9]{1,300}$/;
const ARN = /^arn:(aws[a-z-]*):guardduty:([^:]*):([^:]*):detector\/([^/]+)\/finding\/([^/]+)$/;
const ARN_FORM = 'arn:aws:guardduty:REGION:ACCOUNT:detector/DETECTORID/finding/FINDINGID';

/** One argument as a reference, or why it is not one. */
export function parseFindingRef(value: string): FindingRef | { problem: string } {
  const given = value.trim();
  if (given.startsWith('arn:')) {
    const m = ARN.exec(given);
    if (!m) return { problem: `"${sanitize(value)}" is not a GuardDuty finding ARN (${ARN_FORM})` };
    const [, , region = '', accountId = '', detectorId = '', id = ''] = m;
    if (!isRegionName(region)) return { problem: `"${sanitize(value)}": "${sanitize(region)}" is not a region name` };
    if (!/^\d{12}$/.test(accountId)) return { problem: `"${sanitize(value)}": "${sanitize(accountId)}" is not an account id (12 digits)` };
    if (!/^[A-Za-z0-9_-]{1,300}$/.test(detectorId)) return { problem: `"${sanitize(value)}": "${sanitize(detectorId)}" is not a detector id` };
    if (!FINDING_ID.test(id)) return { problem: `"${sanitize(value)}": "${sanitize(id)}" is not a finding id` };
    return { kind: 'arn', arn: given, region, accountId, detectorId, id, given };
  }
  if (!FINDING_ID.test(given)) return { problem: `"${sanitize(value)}"` };
  if (given.length >= FULL_ID_LENGTH) return { kind: 'id', id: given, given };
  if (given.length < MIN_PREFIX_LENGTH) {
    return { problem: `"${sanitize(value)}" is too short to pick a finding (give at least ${MIN_PREFIX_LENGTH} characters of its id)` };
  }
  return { kind: 'prefix', prefix: given, given };
}

/**
 * Validates every argument before any AWS call (exit 2 naming each bad one), dropping repeats. Full ids and
 * prefixes are 1–300 lower-case letters and digits; ARNs are checked part by part.
 */
export function parseFindingRefs(values: readonly string[]): FindingRef[] {
  const refs = new Map<string, FindingRef>();
  const bad: string[] = [];
  for (const value of values) {
    const ref = parseFindingRef(value);
    if ('problem' in ref) bad.push(ref.problem);
    else if (!refs.has(ref.given)) refs.set(ref.given, ref);
  }
  if (bad.length > 0) {
    const shown = bad.length > 20 ? [...bad.slice(0, 20), `and ${bad.length - 20} more`] : bad;
    // A bare quoted value is just "not an id"; the others already say what is wrong with them.
    const one = bad[0] ?? '';
    const what = bad.length === 1 ? (/^".*"$/s.test(one) ? `${one} is not a GuardDuty finding id` : one) : `${bad.length} arguments are not GuardDuty finding ids: ${shown.join(', ')}`;
    throw new UsageError(`${what} (a finding id is 1–300 lower-case letters and digits, e.g. 32 hex characters, or its first ${MIN_PREFIX_LENGTH}+; or the finding's ARN)`, [
      'List ids with: gdeks findings list',
    ]);
  }
  return [...refs.values()];
}

/** Ids or ARNs read from stdin: separated by any whitespace (spaces, tabs, newlines, CRLF). */
export function splitIdList(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

export type PrefixMatch<T> = { kind: 'unique'; match: T } | { kind: 'ambiguous'; count: number; candidates: T[] } | { kind: 'none' };

/** How many candidates an ambiguous prefix names (the count says how many there are). */
export const SHOWN_CANDIDATES = 5;

/** The ids (with where they are) that start with `prefix`: one, several (the first few, sorted, and how many), or none. */
export function matchPrefix<T extends { id: string }>(prefix: string, ids: Iterable<T>): PrefixMatch<T> {
  const hits: T[] = [];
  for (const candidate of ids) if (candidate.id.startsWith(prefix)) hits.push(candidate);
  if (hits.length === 0) return { kind: 'none' };
  if (hits.length === 1) return { kind: 'unique', match: hits[0] as T };
  hits.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { kind: 'ambiguous', count: hits.length, candidates: hits.slice(0, SHOWN_CANDIDATES) };
}
