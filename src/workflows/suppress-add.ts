import { windowCriteria } from '../domain/blast-radius.js';
import { planArchiveExisting, plannedRuleResult, type SuppressResult } from '../domain/suppress-result.js';
import { MAX_FILTERS, planRule, type Rule } from '../domain/suppress-rule.js';
import { failedAfterPlan, type WriteMode } from '../domain/write-result.js';
import { activeMatches, measureBlastRadius } from './blast-radius.js';
import { memberOf } from './detector.js';
import { detectorIdOf } from './findings-common.js';
import { archiveAfterRule, memberFilterError, quotaError, writeOrFail, type GuardDutyPort } from './suppress-common.js';

export interface AddOptions {
  mode: WriteMode;
  archiveExisting: boolean;
  now: number;
}

/** `suppress add NAME` in one region: the plan and blast radius first, then CreateFilter or UpdateFilter (and --archive-existing). */
export async function addRuleInRegion(gd: GuardDutyPort, desired: Rule, options: AddOptions): Promise<SuppressResult> {
  const dryRun = options.mode !== 'apply';
  const detectorId = await detectorIdOf(gd);
  // The reads do not depend on each other: the administrator, the filter names and the blast radius at once.
  const administrator = memberOf(gd, detectorId);
  const radius = measureBlastRadius(gd, detectorId, desired.criteria, windowCriteria(options.now));
  radius.catch(() => undefined);
  const names = await gd.listFilterNames(detectorId);
  const current = names.includes(desired.name) ? await gd.getFilter(detectorId, desired.name) : undefined;
  const plan = planRule(current, desired);
  const result: SuppressResult = plannedRuleResult({ region: gd.region, detectorId, dryRun }, desired, current, plan, await radius);
  const toArchive = options.archiveExisting ? await activeMatches(gd, detectorId, desired.criteria) : [];
  if (options.archiveExisting) planArchiveExisting(result, toArchive);
  if (result.changes.length === 0) return result;
  const admin = await administrator;
  if (admin) return failedAfterPlan(result, memberFilterError(gd.region, admin));
  if (plan.action === 'created' && names.length >= MAX_FILTERS) return failedAfterPlan(result, quotaError(gd.region, names.length, 1));
  if (dryRun) return result;
  if (plan.action !== 'unchanged') {
    const ok = await writeOrFail(result, () => (plan.action === 'created' ? gd.createFilter(detectorId, desired) : gd.updateFilter(detectorId, desired)));
    if (!ok) return result;
  }
  await archiveAfterRule(gd, detectorId, result, plan.action, toArchive);
  return result;
}
