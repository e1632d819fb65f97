import { noDetectorError } from '../aws/errors.js';
import type { AdminAccount, GuardDutyPort } from '../aws/ports.js';
import { AwsError } from '../errors.js';
import type { DesiredFeature } from '../domain/features.js';
import { memberOf, readDetector } from './detector.js';
import { planOrganization, type AutoEnableLevel, type CurrentOrgConfig } from '../domain/org-plan.js';
import { isSuspended, RESUME_CHANGE, suspendedError, suspendedNote } from '../domain/suspended.js';
import { failedAfterPlan, type WriteResult } from '../domain/write-result.js';

export interface OrgRun {
  /** --auto-enable; undefined: the default, at least NEW. */
  level?: AutoEnableLevel;
  dryRun: boolean;
}

/**
 * `gdeks enable --organization` in one region, from the delegated administrator: read the organization's
 * auto-enable settings, plan, and (unless dry-run) apply. Throws AwsError; the caller records it per region.
 */
export async function enableOrganizationInRegion(gd: GuardDutyPort, desired: readonly DesiredFeature[], run: OrgRun): Promise<WriteResult> {
  const detector = await readDetector(gd);
  if (!detector) {
    throw noDetectorError(
      gd.region,
      'the delegated administrator needs its own detector in each region it manages: run `gdeks enable --features <file>` without --organization first',
    );
  }
  let current: CurrentOrgConfig;
  try {
    current = await gd.describeOrganizationConfiguration(detector.detectorId);
  } catch (e) {
    throw await explainRefusal(gd, detector.detectorId, e);
  }
  const plan = planOrganization(detector.detectorId, current, desired, { level: run.level, ownFeatures: detector.features });
  // The administrator's own detector suspended monitors nothing: drift for --check, a failed run otherwise
  // (resuming it is `enable` without --organization).
  const suspended = isSuspended(detector.status);
  const resume = 'resume it with `gdeks enable --features <file> --resume` (without --organization)';
  const result: WriteResult = {
    region: gd.region,
    detectorId: detector.detectorId,
    action: plan.action === 'update' ? 'updated' : 'unchanged',
    dryRun: run.dryRun,
    changes: [...(suspended ? [{ ...RESUME_CHANGE }] : []), ...plan.changes],
    notes: [...plan.notes, ...(suspended && run.dryRun ? [suspendedNote(detector.detectorId, resume)] : [])],
  };
  if (run.dryRun) return result;
  const still = suspended ? suspendedError(gd.region, detector.detectorId, resume) : undefined;
  if (plan.action !== 'update') return still ? failedAfterPlan(result, still) : result;
  try {
    await gd.updateOrganizationConfiguration(plan.request);
  } catch (e) {
    const err = await explainRefusal(gd, detector.detectorId, e);
    if (!(err instanceof AwsError)) throw err;
    // The plan stays in the result: it says what the right account would change.
    return failedAfterPlan(result, err);
  }
  result.notes = plan.appliedNotes;
  if (still) result.error = still;
  return result;
}

const NOT_ADMIN = /organi[sz]ation|administrator|master|delegated|permission/i;

/**
 * GuardDuty answers a non-administrator with a bare 400 ("...you do not have required AWS Organization master
 * permission"). Find out who the caller is, so the message can name the account that can make the change.
 */
export async function explainRefusal(gd: GuardDutyPort, detectorId: string, e: unknown): Promise<unknown> {
  if (!(e instanceof AwsError) || e.code !== 'BadRequestException') return e;
  const admin = await memberOf(gd, detectorId);
  if (admin) {
    return new AwsError(
      `${gd.region}: this account is a GuardDuty member account; its administrator is account ${admin}. ` +
        'Organization settings belong to the delegated administrator: run gdeks with that account\'s credentials',
      { code: 'MemberAccount', region: gd.region, operation: e.operation, cause: e },
    );
  }
  const said = e.message.replace(/^GuardDuty rejected \S+ in \S+: /, '');
  // The service's own words, not the translated line (which names the operation, "...Organization...").
  const original = e.cause instanceof Error ? e.cause.message : said;
  if (!NOT_ADMIN.test(original)) return e;
  let admins: AdminAccount[] | undefined;
  try {
    // Only the organization's management account may list the delegated administrators.
    admins = await gd.listOrganizationAdminAccounts();
  } catch {
    admins = undefined;
  }
  const make = (message: string, details: string[]) =>
    new AwsError(`${gd.region}: ${message}`, { code: 'NotDelegatedAdministrator', region: gd.region, operation: e.operation, cause: e, details });
  const enabled = admins?.filter((a) => a.status === 'ENABLED') ?? [];
  const first = enabled[0];
  if (first) {
    return make(
      `this is the organization's management account, not its GuardDuty delegated administrator (account ${first.accountId}): ` +
        'run gdeks with that account\'s credentials',
      [`GuardDuty said: ${said}`],
    );
  }
  if (admins) {
    return make('the organization has no GuardDuty delegated administrator yet', [
      'Designate one from this management account: aws guardduty enable-organization-admin-account --admin-account-id ACCOUNT_ID',
      `GuardDuty said: ${said}`,
    ]);
  }
  return make('this account is not the GuardDuty delegated administrator of an organization, which alone can change organization settings', [
    'Run gdeks with the delegated administrator\'s credentials; the management account shows which account that is:',
    'aws guardduty list-organization-admin-accounts',
    `GuardDuty said: ${said}`,
  ]);
}
