import type { Finding } from '@aws-sdk/client-guardduty';
import type { GuardDutyPort } from '../aws/ports.js';
import { matchPrefix, type FindingRef } from '../domain/finding-refs.js';
import { ExitCode, GdeksError, UsageError } from '../errors.js';
import { forEachRegion, type RegionOutcome } from './fanout.js';
import { detectorIdOf } from './findings-common.js';
import type { AwsRun } from './run.js';

/** One region's part of a lookup: its detector, and the findings asked for there that GuardDuty knows. */
export interface RegionFindings {
  gd: GuardDutyPort;
  detectorId: string;
  /** The ids asked for in this region, in the order given. */
  ids: string[];
  /** Those GuardDuty has, in that order. */
  found: Finding[];
}

export interface FindingLookup {
  /** Every region involved: where plain ids and prefixes were looked for, and each ARN's region. */
  outcomes: Array<RegionOutcome<RegionFindings>>;
  /** What was given (id or ARN) that no region has; empty when a region failed (it might be there). */
  notFound: string[];
  /** For each reference as given, the id it stands for (prefixes resolved). */
  resolved: Map<string, string>;
}

/**
 * Looks up findings by full id, prefix or ARN. Plain ids and prefixes are looked for in `regions` (the run's);
 * an ARN in its own region. A prefix is resolved by listing the finding ids of those regions (ListFindings, every
 * page, archived ones too): it must match exactly one (ambiguous: exit 2 naming a few candidates and how many;
 * none: exit 1). An ARN must be the finding's own: another account's or detector's is an error (exit 1). These
 * are all raised before the caller changes anything.
 */
export async function lookUpFindings(run: AwsRun, refs: readonly FindingRef[], regions: readonly string[]): Promise<FindingLookup> {
  const plain = refs.filter((r) => r.kind !== 'arn');
  const prefixes = refs.filter((r): r is Extract<FindingRef, { kind: 'prefix' }> => r.kind === 'prefix');
  const arns = refs.filter((r): r is Extract<FindingRef, { kind: 'arn' }> => r.kind === 'arn');
  const plainRegions = plain.length > 0 ? [...regions] : [];
  const involved = [...new Set([...plainRegions, ...arns.map((a) => a.region)])];

  // Each region's detector, and (where a prefix may be) every finding id it has.
  const opened = await forEachRegion(involved, async (region) => {
    const gd = await run.ports.guardDuty(region);
    const detectorId = await detectorIdOf(gd);
    const listed = prefixes.length > 0 && plainRegions.includes(region) ? await gd.listFindingIds(detectorId, {}) : [];
    return { gd, detectorId, listed };
  });

  const resolved = new Map<string, string>();
  const targets = new Map<string, string[]>(involved.map((r) => [r, []]));
  const add = (region: string, id: string) => {
    const list = targets.get(region);
    if (list && !list.includes(id)) list.push(id);
  };
  const candidates = opened.flatMap((o) => (o.ok ? o.value.listed.map((id) => ({ id, region: o.region })) : []));
  const ambiguous: string[] = [];
  const unmatched: string[] = [];
  for (const ref of refs) {
    if (ref.kind === 'arn') {
      resolved.set(ref.given, ref.id);
      add(ref.region, ref.id);
    } else if (ref.kind === 'id') {
      resolved.set(ref.given, ref.id);
      for (const r of plainRegions) add(r, ref.id);
    } else {
      const m = matchPrefix(ref.prefix, candidates);
      if (m.kind === 'unique') {
        resolved.set(ref.given, m.match.id);
        add(m.match.region, m.match.id);
      } else if (m.kind === 'ambiguous') {
        const where = (c: { id: string; region: string }) => (plainRegions.length > 1 ? `${c.region}/${c.id}` : c.id);
        const more = m.count > m.candidates.length ? `, and ${m.count - m.candidates.length} more` : '';
        ambiguous.push(`"${ref.prefix}" matches ${m.count} findings: ${m.candidates.map(where).join(', ')}${more}`);
      } else {
        unmatched.push(ref.prefix);
      }
    }
  }
  // Only listings that were read can say a prefix is ambiguous or unmatched; a failed region is reported below.
  const listingFailed = opened.some((o) => !o.ok && plainRegions.includes(o.region));
  if (ambiguous.length > 0) {
    throw new UsageError(ambiguous.length === 1 ? `ambiguous finding id ${ambiguous[0]}` : `${ambiguous.length} ambiguous finding ids: ${ambiguous.join('; ')}`, [
      'Give more characters of the id, or the whole id or ARN.',
    ]);
  }
  if (unmatched.length > 0 && !listingFailed) {
    const where = plainRegions.length === 1 ? `region ${plainRegions[0]}` : `regions ${plainRegions.join(', ')}`;
    throw new GdeksError(`no finding id starts with ${unmatched.map((p) => `"${p}"`).join(', ')} in ${where}`, ExitCode.failure, {
      details: ['Finding ids are per region (pass --region, --regions, or the finding ARN); list them with: gdeks findings list'],
    });
  }

  const outcomes = await forEachRegion(involved, async (region): Promise<RegionFindings> => {
    const o = opened.find((x) => x.region === region);
    if (!o || !o.ok) throw o && !o.ok ? o.error : new Error(`${region}: not opened`);
    const ids = targets.get(region) ?? [];
    const found = ids.length > 0 ? await o.value.gd.getFindings(o.value.detectorId, ids) : [];
    return { gd: o.value.gd, detectorId: o.value.detectorId, ids, found };
  });

  const mismatched = arns.flatMap((ref) => {
    const o = outcomes.find((x) => x.region === ref.region);
    if (!o || !o.ok) return [];
    const finding = o.value.found.find((f) => f.Id === ref.id);
    if (finding?.Arn && finding.Arn !== ref.arn) return [`${ref.arn}: finding ${ref.id} in ${ref.region} is ${finding.Arn}`];
    if (!finding && ref.detectorId !== o.value.detectorId) {
      return [`${ref.arn}: names detector ${ref.detectorId} (account ${ref.accountId}); this account's detector in ${ref.region} is ${o.value.detectorId}`];
    }
    return [];
  });
  if (mismatched.length > 0) {
    throw new GdeksError(
      mismatched.length === 1 ? `the ARN is not this account's finding: ${mismatched[0]}` : `${mismatched.length} ARNs are not this account's findings: ${mismatched.join('; ')}`,
      ExitCode.failure,
      { details: ['Use the credentials (--profile) of the account that owns the finding, or its GuardDuty administrator account.'] },
    );
  }

  const present = new Set(outcomes.flatMap((o) => (o.ok ? o.value.found.map((f) => `${o.region}/${f.Id}`) : [])));
  const failed = outcomes.some((o) => !o.ok);
  const notFound = failed
    ? []
    : refs.flatMap((ref) => {
        const id = resolved.get(ref.given);
        if (id === undefined) return [];
        const places = ref.kind === 'arn' ? [ref.region] : plainRegions;
        return places.some((r) => present.has(`${r}/${id}`)) ? [] : [ref.given];
      });
  return { outcomes, notFound, resolved };
}
