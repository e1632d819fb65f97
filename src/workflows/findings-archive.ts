import type { GuardDutyPort } from '../aws/ports.js';
import { details, error, type Report } from '../domain/report.js';
import { AwsError, ExitCode } from '../errors.js';
import type { ArchiveView } from '../output/findings-archive.js';
import { sanitize } from '../text/sanitize.js';
import { memberOf } from './detector.js';
import { forEachRegion } from './fanout.js';
import type { FindingRef } from '../domain/finding-refs.js';
import { lookUpRegion, notFoundOf, planLookup } from './finding-lookup.js';
import { regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/** A region the run was interrupted in (Ctrl-C, SIGTERM, SIGHUP): some of its ids may have changed. */
const INTERRUPTED = 'interrupted' as const;

interface RegionArchive {
  detectorId: string;
  /** Ids whose state this run changed. */
  changed: string[];
  /** Ids already in the wanted state (nothing sent for them). */
  unchanged: string[];
}

/**
 * `findings archive|unarchive <id...>`: ids are validated first (exit 2), then looked up (src/workflows/finding-lookup.ts:
 * prefixes resolved, ARNs sent to their region and checked to be this account's; any problem there stops the run
 * before anything changes). GetFindings tells which ids exist in each region and which are already in the wanted
 * state, so the report counts what really changed and names ids that do not exist (exit 1) instead of letting them
 * pass silently. `dryRun`: the same report of what would change, and no write. Interrupted, the report still holds
 * the regions that finished and names those that did not, as the other writing commands' do.
 */
export async function setArchivedInRegions(run: AwsRun, refs: readonly FindingRef[], archived: boolean, dryRun = false): Promise<Report<ArchiveView>> {
  const verb = archived ? 'archive' : 'unarchive';
  const done = archived ? 'archived' : 'unarchived';
  const plan = await planLookup(run, refs, run.regions);
  const { regions } = plan;
  // Each region looks its ids up and writes at its own pace: a slow one holds no other back.
  const outcomes = await forEachRegion(regions, async (region): Promise<RegionArchive | typeof INTERRUPTED> => {
    try {
      const { gd, detectorId, found } = await lookUpRegion(run, plan, region);
      const changed: string[] = [];
      const unchanged: string[] = [];
      for (const f of found) ((f.Service?.Archived ?? false) === archived ? unchanged : changed).push(f.Id ?? '');
      if (!dryRun) {
        try {
          await gd.setArchived(detectorId, changed, archived);
        } catch (e) {
          throw await explainMemberRefusal(gd, detectorId, e, verb);
        }
      }
      return { detectorId, changed, unchanged };
    } catch (e) {
      if (run.signal.aborted) return INTERRUPTED;
      throw e;
    }
  });

  const stopped = outcomes.filter((o) => o.ok && o.value === INTERRUPTED).map((o) => o.region);
  const finished = outcomes.flatMap((o) => (o.ok && o.value !== INTERRUPTED ? o.value.changed.concat(o.value.unchanged).map((id) => `${o.region}/${id}`) : []));
  const notFound = stopped.length > 0 || outcomes.some((o) => !o.ok) ? [] : notFoundOf(plan, new Set(finished));
  const results = outcomes.map((o) => {
    if (!o.ok) return { region: o.region, detectorId: null, [done]: [], unchanged: [], error: { code: o.error.code, message: o.error.message } };
    if (o.value === INTERRUPTED) {
      const message = `${o.region}: interrupted before this region finished; some findings may have been ${done}`;
      return { region: o.region, detectorId: null, [done]: [], unchanged: [], interrupted: true, error: { code: 'Interrupted', message } };
    }
    return { region: o.region, detectorId: o.value.detectorId, [done]: o.value.changed, unchanged: o.value.unchanged };
  });
  const body = { ...(dryRun ? { dryRun: true } : {}), results, notFound };
  const messages = regionErrors(outcomes);
  const failed = messages.length > 0;
  if (stopped.length > 0) {
    messages.unshift({ kind: 'plain', text: `interrupted: ${stopped.join(', ')} did not finish; some of its findings may have been ${done}` });
  }
  if (notFound.length > 0) {
    const where = regions.length === 1 ? regions[0] : regions.join(', ');
    messages.push(error(`${notFound.length} finding${notFound.length === 1 ? '' : 's'} not found in ${where}: ${notFound.join(', ')}`));
    messages.push(...details(['Finding ids are per region (pass --region or --regions, or the finding ARN).']));
  }
  const view: ArchiveView = {
    done,
    ...(dryRun ? { dryRun: true } : {}),
    notFound: notFound.length,
    regions: outcomes.flatMap((o) =>
      !o.ok
        ? []
        : o.value === INTERRUPTED
          ? [{ region: o.region, changed: 0, unchanged: 0, interrupted: true as const }]
          : [{ region: o.region, changed: o.value.changed.length, unchanged: o.value.unchanged.length }],
    ),
  };
  // -o ndjson: the same document, on one line. Interrupted, the process exits 130 / 143 / 129 (src/cli.ts).
  return { output: { view, document: body, lines: [body] }, messages, exitCode: failed || notFound.length > 0 ? ExitCode.failure : ExitCode.ok };
}

/**
 * Only a GuardDuty administrator account may archive findings; a member gets an opaque 400. Name the
 * administrator (GetAdministratorAccount) so the user knows whose credentials to use.
 */
export async function explainMemberRefusal(gd: GuardDutyPort, detectorId: string, e: unknown, verb: string): Promise<unknown> {
  if (!(e instanceof AwsError) || e.code !== 'BadRequestException') return e;
  const admin = await memberOf(gd, detectorId);
  if (admin === undefined && !/member|administrator/i.test(e.message)) return e;
  const whose = admin ? `administrator account ${admin}` : 'its GuardDuty administrator account';
  return new AwsError(
    `${gd.region}: this account is a GuardDuty member account; only ${whose} can ${verb} findings. Run gdeks findings ${verb} with that account's credentials.`,
    { code: 'MemberAccount', region: gd.region, operation: e.operation, cause: e, details: [`GuardDuty said: ${sanitize(e.message)}`] },
  );
}
