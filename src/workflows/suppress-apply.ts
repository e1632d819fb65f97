import { windowCriteria } from '../domain/blast-radius.js';
import { planArchiveExisting, plannedRuleResult, ruleJson, type SuppressResult } from '../domain/suppress-result.js';
import { criteriaWords, MAX_FILTERS, planRule, type Rule } from '../domain/suppress-rule.js';
import { failedAfterPlan, type WriteMode } from '../domain/write-result.js';
import { activeMatches, measureBlastRadius } from './blast-radius.js';
import { memberOf } from './detector.js';
import { detectorIdOf } from './findings-common.js';
import { limiter } from './limiter.js';
import { archiveAfterRule, memberFilterError, quotaError, writeOrFail, type GuardDutyPort } from './suppress-common.js';

export interface ApplyOptions {
  mode: WriteMode;
  prune: boolean;
  /** Also archive what each ARCHIVE rule matches today, once that rule is written. */
  archiveExisting: boolean;
  now: number;
}

/** Reads (GetFilter, blast radius) at once per region. */
const CONCURRENCY = 6;

/**
 * `suppress apply --file` in one region: every rule of the file, the whole plan (each rule's blast radius
 * included) before any write. --prune deletes the ARCHIVE filters the file does not name (saved views, NOOP,
 * are never pruned). One result per rule, then one per pruned filter.
 */
export async function applyInRegion(gd: GuardDutyPort, rules: readonly Rule[], options: ApplyOptions): Promise<SuppressResult[]> {
  const dryRun = options.mode !== 'apply';
  const detectorId = await detectorIdOf(gd);
  const administrator = memberOf(gd, detectorId);
  const names = await gd.listFilterNames(detectorId);
  const limit = limiter(CONCURRENCY);
  const wanted = new Set(rules.map((r) => r.name));
  const [planned, others] = await Promise.all([
    Promise.all(
      rules.map((desired) =>
        limit(async (): Promise<{ desired: Rule; result: SuppressResult; ruleAction: SuppressResult['action']; toArchive: string[] }> => {
          const archiving = options.archiveExisting && desired.action === 'ARCHIVE';
          const [current, matches, toArchive] = await Promise.all([
            names.includes(desired.name) ? gd.getFilter(detectorId, desired.name) : undefined,
            measureBlastRadius(gd, detectorId, desired.criteria, windowCriteria(options.now)),
            archiving ? activeMatches(gd, detectorId, desired.criteria) : [],
          ]);
          const plan = planRule(current, desired);
          const result = plannedRuleResult({ region: gd.region, detectorId, dryRun }, desired, current, plan, matches);
          if (archiving) planArchiveExisting(result, toArchive);
          return { desired, result, ruleAction: plan.action, toArchive };
        }),
      ),
    ),
    options.prune ? Promise.all(names.filter((n) => !wanted.has(n)).map((n) => limit(() => gd.getFilter(detectorId, n)))) : Promise.resolve([]),
  ]);
  const pruned: SuppressResult[] = others
    .filter((f) => f.action === 'ARCHIVE')
    .map((f) => {
      const words = criteriaWords(f.criteria);
      return {
        region: gd.region,
        detectorId,
        action: 'deleted',
        dryRun,
        changes: [{ target: 'filter', from: `${f.action} ${[...words.flags, ...words.raw.map((r) => `[${r}]`)].join(' ')}`, to: '(deleted: not in the file, --prune)' }],
        notes: [],
        rule: ruleJson(f),
        warnings: [],
      };
    });
  const all = [...planned.map((p) => p.result), ...pruned];
  const writing = all.filter((r) => r.changes.length > 0);
  if (writing.length === 0) return all;

  const failAll = (error: { code: string; message: string; details?: readonly string[] }) => {
    // Said once (the first result carries the error), so stderr has one line, not one per rule.
    const [first, ...rest] = writing;
    if (first) failedAfterPlan(first, error);
    for (const r of rest) r.action = null;
    return all;
  };
  const admin = await administrator;
  if (admin) return failAll(memberFilterError(gd.region, admin));
  const creates = planned.filter((p) => p.result.action === 'created').length;
  if (names.length - pruned.length + creates > MAX_FILTERS) return failAll(quotaError(gd.region, names.length - pruned.length, creates));
  if (dryRun) return all;

  const deletes = async () => {
    for (const r of pruned) await writeOrFail(r, () => gd.deleteFilter(detectorId, r.rule?.name ?? ''));
  };
  const upserts = async () => {
    for (const { desired, result, ruleAction, toArchive } of planned) {
      let written = true;
      if (ruleAction === 'created') written = await writeOrFail(result, () => gd.createFilter(detectorId, desired));
      else if (ruleAction === 'updated') written = await writeOrFail(result, () => gd.updateFilter(detectorId, desired));
      if (written) await archiveAfterRule(gd, detectorId, result, ruleAction, toArchive);
    }
  };
  // Rules first, so a failed create never leaves a gap where a pruned rule was; deletes first only when the
  // 100-filter quota needs their room.
  if (names.length + creates > MAX_FILTERS) {
    await deletes();
    await upserts();
  } else {
    await upserts();
    await deletes();
  }
  return all;
}
