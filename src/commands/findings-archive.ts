import { GuardDuty } from '../aws/guardduty.js';
import { detectorIdOf, getFindingsInOrder, setArchived } from '../aws/guardduty-findings.js';
import type { Ctx } from './context.js';
import { memberOf } from '../workflows/enable.js';
import { forEachRegion } from '../workflows/fanout.js';
import { AwsError, ExitCode } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { findingsTarget, parseFindingIds, reportRegionErrors } from './findings-common.js';

export function runFindingsArchive(ctx: Ctx, ids: string[]): Promise<number> {
  return runSetArchived(ctx, ids, true);
}

export function runFindingsUnarchive(ctx: Ctx, ids: string[]): Promise<number> {
  return runSetArchived(ctx, ids, false);
}

interface RegionArchive {
  detectorId: string;
  /** Ids whose state this run changed. */
  changed: string[];
  /** Ids already in the wanted state (nothing sent for them). */
  unchanged: string[];
}

/**
 * `findings archive|unarchive <id...>`: ids are validated first (exit 2). GetFindings tells which ids exist in
 * the region and which are already in the wanted state, so the report counts what really changed and names
 * ids that do not exist (exit 1) instead of letting them pass silently.
 */
async function runSetArchived(ctx: Ctx, rawIds: string[], archived: boolean): Promise<number> {
  const { io, globals } = ctx;
  const verb = archived ? 'archive' : 'unarchive';
  const done = archived ? 'archived' : 'unarchived';
  const ids = parseFindingIds(rawIds);
  const { settings, regions } = await findingsTarget(ctx);
  const outcomes = await forEachRegion(regions, async (region): Promise<RegionArchive> => {
    const gd = await GuardDuty.open(settings, region, ctx.signal);
    const detectorId = await detectorIdOf(gd);
    const found = await getFindingsInOrder(gd, detectorId, ids);
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const f of found) ((f.Service?.Archived ?? false) === archived ? unchanged : changed).push(f.Id ?? '');
    try {
      await setArchived(gd, detectorId, changed, archived);
    } catch (e) {
      throw await explainMemberRefusal(gd, detectorId, e, verb);
    }
    return { detectorId, changed, unchanged };
  });

  const present = new Set(outcomes.flatMap((o) => (o.ok ? [...o.value.changed, ...o.value.unchanged] : [])));
  const notFound = outcomes.some((o) => !o.ok) ? [] : ids.filter((id) => !present.has(id));
  if (globals.output === 'table') {
    for (const o of outcomes) {
      if (!o.ok || o.value.changed.length + o.value.unchanged.length === 0) continue;
      const n = o.value.changed.length;
      const already = o.value.unchanged.length > 0 ? ` (${o.value.unchanged.length} already ${done})` : '';
      io.out(`${io.color.green('✓')} ${o.region}: ${done} ${n} finding${n === 1 ? '' : 's'}${already}\n`);
    }
  } else {
    const results = outcomes.map((o) =>
      o.ok
        ? { region: o.region, detectorId: o.value.detectorId, [done]: o.value.changed, unchanged: o.value.unchanged }
        : { region: o.region, detectorId: null, [done]: [], unchanged: [], error: { code: o.error.code, message: o.error.message } },
    );
    const body = { results, notFound };
    io.out(globals.output === 'json' ? `${JSON.stringify(body, null, 2)}\n` : `${JSON.stringify(body)}\n`);
  }
  const failed = reportRegionErrors(outcomes, io);
  if (notFound.length > 0) {
    const where = regions.length === 1 ? regions[0] : regions.join(', ');
    io.err(`${io.errColor.red('error:')} ${notFound.length} finding${notFound.length === 1 ? '' : 's'} not found in ${where}: ${notFound.join(', ')}\n`);
    io.err('  Finding ids are per region (pass --region or --regions).\n');
  }
  return failed || notFound.length > 0 ? ExitCode.failure : ExitCode.ok;
}

/**
 * Only a GuardDuty administrator account may archive findings; a member gets an opaque 400. Name the
 * administrator (GetAdministratorAccount) so the user knows whose credentials to use.
 */
async function explainMemberRefusal(gd: GuardDuty, detectorId: string, e: unknown, verb: string): Promise<unknown> {
  if (!(e instanceof AwsError) || e.code !== 'BadRequestException') return e;
  const admin = await memberOf(gd, detectorId);
  if (admin === undefined && !/member|administrator/i.test(e.message)) return e;
  const whose = admin ? `administrator account ${admin}` : 'its GuardDuty administrator account';
  return new AwsError(
    `${gd.region}: this account is a GuardDuty member account; only ${whose} can ${verb} findings. Run gdeks findings ${verb} with that account's credentials.`,
    { code: 'MemberAccount', region: gd.region, operation: e.operation, cause: e, details: [`GuardDuty said: ${sanitize(e.message)}`] },
  );
}
