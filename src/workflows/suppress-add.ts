import { windowCriteria, blastWarnings } from '../domain/blast-radius.js';
import { ruleJson, type SuppressResult } from '../domain/suppress-result.js';
import { MAX_FILTERS, planRule, type Rule } from '../domain/suppress-rule.js';
import { failedAfterPlan, type WriteMode } from '../domain/write-result.js';
import { activeMatches, measureBlastRadius } from './blast-radius.js';
import { memberOf } from './detector.js';
import { detectorIdOf } from './findings-common.js';
import { memberFilterError, quotaError, writeOrFail, type GuardDutyPort } from './suppress-common.js';

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
  const matches = await radius;
  const result: SuppressResult = {
    region: gd.region,
    detectorId,
    action: plan.action,
    dryRun,
    changes: plan.changes,
    notes: [],
    rule: ruleJson(desired, current),
    matches,
    warnings: desired.action === 'ARCHIVE' ? blastWarnings(matches) : [],
  };
  const toArchive = options.archiveExisting ? await activeMatches(gd, detectorId, desired.criteria) : [];
  if (options.archiveExisting) {
    result.archived = toArchive.length;
    if (toArchive.length > 0) result.changes.push({ target: 'archive existing findings', from: null, to: `${toArchive.length} matching finding${toArchive.length === 1 ? '' : 's'}` });
  }
  if (result.changes.length === 0) return result;
  const admin = await administrator;
  if (admin) return failedAfterPlan(result, memberFilterError(gd.region, admin));
  if (plan.action === 'created' && names.length >= MAX_FILTERS) return failedAfterPlan(result, quotaError(gd.region, names.length, 1));
  if (dryRun) return result;
  if (plan.action !== 'unchanged') {
    const ok = await writeOrFail(result, () => (plan.action === 'created' ? gd.createFilter(detectorId, desired) : gd.updateFilter(detectorId, desired)));
    if (!ok) return result;
  }
  if (toArchive.length > 0) {
    const ok = await writeOrFail(result, () => gd.setArchived(detectorId, toArchive, true));
    if (!ok) {
      // The rule was written; only the archiving failed.
      result.action = plan.action;
      result.archived = 0;
    }
  }
  return result;
}
