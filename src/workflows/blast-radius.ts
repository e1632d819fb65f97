import type { Condition, FindingCriteria } from '@aws-sdk/client-guardduty';
import type { GuardDutyPort, StatisticsGroupBy } from '../aws/ports.js';
import { ACTIVE, BlastCounter, emptyRadius, SAMPLES, matchesLocally, radiusFromStatistics, splitCriteria, type BlastRadius } from '../domain/blast-radius.js';
import { AwsError } from '../errors.js';

/** GetFindingsStatistics returns at most 100 groups and has no next page: a full page may have been cut. */
const STATISTICS_PAGE = 100;

/**
 * Counts the findings `criteria` (plus `extra`, e.g. the 90-day window) match. GetFindingsStatistics answers in
 * one round trip (five groupings at once) where listing 20,000 findings takes 400 pages; it is used unless the
 * rule has wildcards (Matches, which it does not accept), a grouping came back full (possibly cut), or the
 * endpoint or the caller's permissions lack it. Then every match is listed and counted here.
 */
export async function measureBlastRadius(gd: GuardDutyPort, detectorId: string, criteria: FindingCriteria, extra: Record<string, Condition>): Promise<BlastRadius> {
  const split = splitCriteria(criteria, extra);
  if (split.impossible) return emptyRadius();
  if (split.local.length === 0) {
    const counted = await byStatistics(gd, detectorId, split.server);
    if (counted) return counted;
  }
  const counter = new BlastCounter();
  await gd.streamFindings({ detectorId, criteria: split.server, sort: { AttributeName: 'updatedAt', OrderBy: 'DESC' } }, (findings) => {
    for (const f of findings) if (matchesLocally(f, split.local)) counter.add(f);
  });
  return counter.result();
}

async function byStatistics(gd: GuardDutyPort, detectorId: string, criteria: FindingCriteria): Promise<BlastRadius | undefined> {
  const group = (by: StatisticsGroupBy, c: FindingCriteria = criteria) => gd.findingStatistics(detectorId, c, by, STATISTICS_PAGE);
  try {
    // The rule's own criteria narrowed further (a filter may already say archived or sample).
    const narrowed = (extra: Record<string, Condition>) => {
      const split = splitCriteria(criteria, extra);
      return split.impossible ? Promise.resolve([]) : group('SEVERITY', split.server);
    };
    const groups = await Promise.all([group('SEVERITY'), narrowed(ACTIVE), narrowed(SAMPLES), group('FINDING_TYPE'), group('RESOURCE')]);
    if (groups.some((g) => g.length >= STATISTICS_PAGE)) return undefined;
    const [severity, activeSeverity, sampleSeverity, types, resources] = groups;
    return radiusFromStatistics({ severity, activeSeverity, sampleSeverity, types, resources });
  } catch (e) {
    if (e instanceof AwsError && (e.code === 'UnsupportedOperation' || e.code === 'AccessDenied')) return undefined;
    throw e;
  }
}

/** The ids of the unarchived findings `criteria` match now (what --archive-existing archives). */
export async function activeMatches(gd: GuardDutyPort, detectorId: string, criteria: FindingCriteria): Promise<string[]> {
  const split = splitCriteria(criteria, ACTIVE);
  if (split.impossible) return [];
  if (split.local.length === 0) return gd.listFindingIds(detectorId, split.server);
  const ids: string[] = [];
  await gd.streamFindings({ detectorId, criteria: split.server, sort: { AttributeName: 'updatedAt', OrderBy: 'DESC' } }, (findings) => {
    for (const f of findings) if (matchesLocally(f, split.local) && f.Id) ids.push(f.Id);
  });
  return ids;
}
