import { SAMPLE_ATTRIBUTE } from '../domain/findings-criteria.js';
import { details, error, type Report } from '../domain/report.js';
import { ExitCode } from '../errors.js';
import type { SamplesArchiveView } from '../output/findings-archive.js';
import { explainMemberRefusal } from './findings-archive.js';
import { forEachRegion } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/**
 * `findings archive --samples [--dry-run]`: every unarchived sample finding (any resource type: a sample is never
 * a real event), counted first, then archived in batches of 50. JSON: `{"results":[{region, detectorId,
 * samples, archived, dryRun}]}`.
 */
const INTERRUPTED = 'interrupted' as const;

export async function archiveSamplesInRegions(run: AwsRun, dryRun: boolean): Promise<Report<SamplesArchiveView>> {
  const criteria = { Criterion: { [SAMPLE_ATTRIBUTE]: { Equals: ['true'] }, 'service.archived': { Equals: ['false'] } } };
  const outcomes = await forEachRegion(run.regions, async (region) => {
    try {
      const gd = await run.ports.guardDuty(region);
      const detectorId = await detectorIdOf(gd);
      const ids = await gd.listFindingIds(detectorId, criteria);
      if (!dryRun && ids.length > 0) {
        try {
          await gd.setArchived(detectorId, ids, true);
        } catch (e) {
          throw await explainMemberRefusal(gd, detectorId, e, 'archive');
        }
      }
      return { region, detectorId, samples: ids.length, archived: dryRun ? 0 : ids.length, dryRun };
    } catch (e) {
      // Interrupted: the regions that finished are still reported; this one may have been partly archived.
      if (run.signal.aborted) return INTERRUPTED;
      throw e;
    }
  });
  const results = outcomes.map((o) =>
    !o.ok
      ? { region: o.region, detectorId: null, samples: 0, archived: 0, dryRun, error: { code: o.error.code, message: o.error.message } }
      : o.value === INTERRUPTED
        ? { region: o.region, detectorId: null, samples: 0, archived: 0, dryRun, interrupted: true, error: { code: 'Interrupted', message: `${o.region}: interrupted; some sample findings may have been archived` } }
        : o.value,
  );
  const messages = regionErrors(outcomes);
  const stopped = results.filter((r) => 'interrupted' in r).map((r) => r.region);
  if (stopped.length > 0) messages.unshift({ kind: 'plain', text: `interrupted: ${stopped.join(', ')} did not finish; some sample findings may have been archived` });
  const failed = messages.length > 0;
  if (failed && !dryRun && results.some((r) => r.archived > 0)) messages.push(error('some regions were archived, others failed'), ...details(['Run it again: regions done have no samples left to archive.']));
  return { output: { view: { results, dryRun }, document: { results }, lines: results }, messages, exitCode: failed ? ExitCode.failure : ExitCode.ok };
}
