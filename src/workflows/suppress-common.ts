import type { GuardDutyPort } from '../aws/ports.js';
import { MAX_FILTERS } from '../domain/suppress-rule.js';
import type { SuppressResult } from '../domain/suppress-result.js';
import { failedAfterPlan } from '../domain/write-result.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

/**
 * In an organization only the GuardDuty administrator account manages filters; a member's CreateFilter is an
 * opaque 400 (https://docs.aws.amazon.com/guardduty/latest/ug/administrator_member_relationships.html).
 */
export function memberFilterError(region: string, adminAccount: string): { code: string; message: string; details: string[] } {
  return {
    code: 'MemberAccount',
    message: `${region}: this account is a GuardDuty member of administrator account ${adminAccount}; only the administrator account can create, change or delete suppression rules`,
    details: [`Run gdeks suppress with account ${adminAccount}'s credentials: its rules apply to this account's findings too.`],
  };
}

/** Said before the write that would fail: GuardDuty allows 100 filters per account and region. */
export function quotaError(region: string, existing: number, adding: number): { code: string; message: string; details: string[] } {
  return {
    code: 'FilterLimitExceeded',
    message: `${region}: GuardDuty allows ${MAX_FILTERS} filters per account and region; ${existing} exist and this would add ${adding}`,
    details: ['Remove filters no longer needed first (gdeks suppress list; gdeks suppress remove NAME), or merge rules.'],
  };
}

/** Runs one write; an AWS refusal becomes the result's error (the plan stays), anything else propagates. */
export async function writeOrFail(result: SuppressResult, write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (e instanceof AwsError) {
      failedAfterPlan(result, { code: e.code, message: e.message, details: [...e.details].map(sanitize) });
      return false;
    }
    throw e;
  }
}

/** --archive-existing, once the rule is written: a failure here leaves the rule's own action standing. */
export async function archiveAfterRule(gd: GuardDutyPort, detectorId: string, result: SuppressResult, ruleAction: SuppressResult['action'], ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const ok = await writeOrFail(result, () => gd.setArchived(detectorId, ids, true));
  if (!ok) {
    result.action = ruleAction;
    result.archived = 0;
  }
}

export type { GuardDutyPort };
