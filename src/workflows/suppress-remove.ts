import { ruleJson, type SuppressResult } from '../domain/suppress-result.js';
import { criteriaWords, type Rule } from '../domain/suppress-rule.js';
import { failedAfterPlan, type WriteMode } from '../domain/write-result.js';
import { memberOf } from './detector.js';
import { detectorIdOf } from './findings-common.js';
import { memberFilterError, writeOrFail, type GuardDutyPort } from './suppress-common.js';

/** `suppress remove NAME` in one region: DeleteFilter where the filter exists; where it does not, a note. */
export async function removeRuleInRegion(gd: GuardDutyPort, name: string, mode: WriteMode, known?: { detectorId: string; current: Rule; administrator?: Promise<string | undefined> }): Promise<SuppressResult> {
  const detectorId = known?.detectorId ?? (await detectorIdOf(gd));
  const administrator = known?.administrator ?? memberOf(gd, detectorId);
  const names = known ? [name] : await gd.listFilterNames(detectorId);
  const base = { region: gd.region, detectorId, dryRun: mode !== 'apply', notes: [] as string[], warnings: [] as string[] };
  if (!names.includes(name)) {
    return { ...base, action: 'unchanged', changes: [], rule: null, notes: [`no filter named ${name}; nothing to remove`] };
  }
  const current = known?.current ?? (await gd.getFilter(detectorId, name));
  const result: SuppressResult = {
    ...base,
    action: 'deleted',
    changes: [{ target: 'filter', from: `${current.action} ${describeCriteria(current)}`, to: '(deleted)' }],
    rule: ruleJson(current),
  };
  const admin = await administrator;
  if (admin) return failedAfterPlan(result, memberFilterError(gd.region, admin));
  if (mode !== 'apply') return result;
  await writeOrFail(result, () => gd.deleteFilter(detectorId, name));
  return result;
}

function describeCriteria(rule: Rule): string {
  const words = criteriaWords(rule.criteria);
  return [...words.flags, ...words.raw.map((r) => `[${r}]`)].join(' ');
}
