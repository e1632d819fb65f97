import { blastWarnings, type BlastRadius } from './blast-radius.js';
import type { CriteriaWords, Rule, RulePlan } from './suppress-rule.js';
import type { WriteResult } from './write-result.js';

/** The rule as JSON shows it: name, action, rank (null: GuardDuty's choice, or unknown), description, criteria as sent. */
export interface RuleJson {
  name: string;
  action: Rule['action'];
  rank: number | null;
  description?: string;
  criteria: Rule['criteria'];
}

/** One rule's outcome in one region (`suppress add | remove | apply`): a WriteResult plus the rule and its blast radius. */
export interface SuppressResult extends WriteResult {
  rule: RuleJson | null;
  /** What the rule matches (the last 90 days, archived included): absent for a removal or a failed region. */
  matches?: BlastRadius;
  /** Loud warnings about the blast radius (HIGH/CRITICAL findings, several clusters). */
  warnings: string[];
  /** --archive-existing: unarchived matching findings archived (with dryRun: that would be). */
  archived?: number;
}

export function ruleJson(desired: Rule, current?: Rule): RuleJson {
  return {
    name: desired.name,
    action: desired.action,
    rank: desired.rank ?? current?.rank ?? null,
    ...(desired.description !== undefined ? { description: desired.description } : current?.description !== undefined ? { description: current.description } : {}),
    criteria: desired.criteria,
  };
}

/** A rule's planned result in a region: the changes, the rule as JSON, its blast radius and its warnings. */
export function plannedRuleResult(at: { region: string; detectorId: string; dryRun: boolean }, desired: Rule, current: Rule | undefined, plan: RulePlan, matches: BlastRadius): SuppressResult {
  return {
    region: at.region,
    detectorId: at.detectorId,
    action: plan.action,
    dryRun: at.dryRun,
    changes: plan.changes,
    notes: [],
    rule: ruleJson(desired, current),
    matches,
    warnings: desired.action === 'ARCHIVE' ? blastWarnings(matches) : [],
  };
}

/** --archive-existing: the count goes in the result, and a non-empty archive is a change of its own. */
export function planArchiveExisting(result: SuppressResult, ids: readonly string[]): void {
  result.archived = ids.length;
  if (ids.length > 0) result.changes.push({ target: 'archive existing findings', from: null, to: `${ids.length} matching finding${ids.length === 1 ? '' : 's'}` });
}

/** The result of a region that failed before anything was planned. */
export function failedSuppress(base: WriteResult): SuppressResult {
  return { ...base, rule: null, warnings: [] };
}

/** `suppress list`: one filter of one region. */
export interface ListedFilter extends Rule {
  region: string;
  /** The criteria in gdeks' words; what no flag expresses, raw. */
  words: CriteriaWords;
  /** --matches: the unarchived findings it matches now. */
  matches?: BlastRadius;
}

export interface FilterListView {
  filters: ListedFilter[];
  matches: boolean;
}

