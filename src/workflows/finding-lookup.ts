import type { Finding } from '@aws-sdk/client-guardduty';
import type { GuardDutyPort } from '../aws/ports.js';
import { matchPrefix, type FindingRef } from '../domain/finding-refs.js';
import { AwsError, ExitCode, GdeksError, UsageError } from '../errors.js';
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

/** Where each reference is to be looked for, prefixes already resolved. */
export interface LookupPlan {
  refs: readonly FindingRef[];
  /** Where plain ids and prefixes are looked for (the run's regions); empty when every reference is an ARN. */
  plainRegions: string[];
  /** Every region involved, plain ones first, then the ARNs' own. */
  regions: string[];
  /** Per region, the ids to ask GuardDuty for, in the order given. */
  targets: Map<string, string[]>;
  /** For each reference as given, the id it stands for. */
  resolved: Map<string, string>;
  /** Regions already opened to resolve prefixes (their detector read), reused by lookUpRegion. */
  opened: Map<string, RegionOutcome<{ gd: GuardDutyPort; detectorId: string }>>;
}

/**
 * Plans a lookup by full id, prefix or ARN. Plain ids and prefixes are looked for in `regions` (the run's); an
 * ARN in its own region. A prefix is resolved by listing the finding ids of those regions (ListFindings, every page,
 * archived ones too), all of them first, since it must match exactly one finding in any of them: ambiguous is a
 * usage error (exit 2) naming a few candidates and how many; no match is exit 1. Both before anything changes.
 * Without prefixes nothing is called here: each region then goes at its own pace (lookUpRegion).
 */
export async function planLookup(run: AwsRun, refs: readonly FindingRef[], regions: readonly string[]): Promise<LookupPlan> {
  const plainRegions = refs.some((r) => r.kind !== 'arn') ? [...regions] : [];
  const arnRegions = refs.flatMap((r) => (r.kind === 'arn' ? [r.region] : []));
  const involved = [...new Set([...plainRegions, ...arnRegions])];
  const targets = new Map<string, string[]>(involved.map((r) => [r, []]));
  const resolved = new Map<string, string>();
  const opened = new Map<string, RegionOutcome<{ gd: GuardDutyPort; detectorId: string }>>();
  const add = (region: string, id: string) => {
    const list = targets.get(region);
    if (list && !list.includes(id)) list.push(id);
  };

  const prefixes = refs.filter((r) => r.kind === 'prefix');
  const candidates: Array<{ id: string; region: string }> = [];
  let listingFailed = false;
  if (prefixes.length > 0) {
    const listed = await forEachRegion(plainRegions, async (region) => {
      const gd = await run.ports.guardDuty(region);
      const detectorId = await detectorIdOf(gd);
      return { gd, detectorId, ids: await gd.listFindingIds(detectorId, {}) };
    });
    for (const o of listed) {
      if (o.ok) {
        opened.set(o.region, { region: o.region, ok: true, value: { gd: o.value.gd, detectorId: o.value.detectorId } });
        for (const id of o.value.ids) candidates.push({ id, region: o.region });
      } else {
        opened.set(o.region, o);
        listingFailed = true;
      }
    }
  }

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
  if (ambiguous.length > 0) {
    throw new UsageError(ambiguous.length === 1 ? `ambiguous finding id ${ambiguous[0]}` : `${ambiguous.length} ambiguous finding ids: ${ambiguous.join('; ')}`, [
      'Give more characters of the id, or the whole id or ARN.',
    ]);
  }
  // Only listings that were read can say a prefix matches nothing; a failed region is reported as such.
  if (unmatched.length > 0 && !listingFailed) {
    const where = plainRegions.length === 1 ? `region ${plainRegions[0]}` : `regions ${plainRegions.join(', ')}`;
    throw new GdeksError(`no finding id starts with ${unmatched.map((p) => `"${p}"`).join(', ')} in ${where}`, ExitCode.failure, {
      details: ['Finding ids are per region (pass --region, --regions, or the finding ARN); list them with: gdeks findings list'],
    });
  }
  return { refs, plainRegions, regions: involved, targets, resolved, opened };
}

/**
 * One region of a plan: GetFindings for its ids, and each of its ARNs checked to be this account's finding (the
 * finding's own ARN, or, when GuardDuty does not have it, the region's detector): another account's or
 * detector's ARN fails the region (exit 1) before the caller changes anything there.
 */
export async function lookUpRegion(run: AwsRun, plan: LookupPlan, region: string): Promise<RegionFindings> {
  const known = plan.opened.get(region);
  if (known && !known.ok) throw known.error;
  let opened = known?.value;
  if (!opened) {
    const gd = await run.ports.guardDuty(region);
    opened = { gd, detectorId: await detectorIdOf(gd) };
  }
  const { gd, detectorId } = opened;
  const ids = plan.targets.get(region) ?? [];
  const found = ids.length > 0 ? await gd.getFindings(detectorId, ids) : [];
  const mismatched = plan.refs.flatMap((ref) => {
    if (ref.kind !== 'arn' || ref.region !== region) return [];
    const finding = found.find((f) => f.Id === ref.id);
    if (finding?.Arn && finding.Arn !== ref.arn) return [`${ref.arn}: finding ${ref.id} in ${region} is ${finding.Arn}`];
    if (!finding && ref.detectorId !== detectorId) {
      return [`${ref.arn}: names detector ${ref.detectorId} (account ${ref.accountId}); this account's detector in ${region} is ${detectorId}`];
    }
    return [];
  });
  if (mismatched.length > 0) {
    throw new AwsError(
      mismatched.length === 1 ? `the ARN is not this account's finding: ${mismatched[0]}` : `${mismatched.length} ARNs are not this account's findings: ${mismatched.join('; ')}`,
      {
        code: 'NotThisAccount',
        region,
        operation: 'GetFindings',
        details: ['Use the credentials (--profile) of the account that owns the finding, or of its GuardDuty administrator account.'],
      },
    );
  }
  return { gd, detectorId, ids, found };
}

/** What was given (id or ARN) that no region has, from the `region/id` pairs that were found. */
export function notFoundOf(plan: LookupPlan, present: ReadonlySet<string>): string[] {
  return plan.refs.flatMap((ref) => {
    const id = plan.resolved.get(ref.given);
    if (id === undefined) return [];
    const places = ref.kind === 'arn' ? [ref.region] : plan.plainRegions;
    return places.some((r) => present.has(`${r}/${id}`)) ? [] : [ref.given];
  });
}
