import type { Finding } from '@aws-sdk/client-guardduty';
import type { StreamSummary } from '../aws/ports.js';
import { buildFindingCriteria, buildSortCriteria, type ListRequest } from '../domain/findings-criteria.js';
import { isSampleFinding } from '../domain/findings-sample.js';
import { addToCounts, emptyCounts, failOnLine, summaryLine } from '../domain/findings-summary.js';
import type { Message, Report } from '../domain/report.js';
import { atOrAbove, scoreOf } from '../domain/severity.js';
import { ExitCode } from '../errors.js';
import { forEachRegion, type RegionOutcome } from './fanout.js';
import { detectorIdOf, regionErrors } from './findings-common.js';
import type { AwsRun } from './run.js';

/**
 * `gdeks findings list`: regions are listed in parallel and each batch goes to `onBatch` as it arrives (the
 * command writes it whole, so stdout stays well-formed whatever happens: a failed region, Ctrl-C). The report
 * holds only stderr: exit 1 if a region failed, else 3 if --fail-on matched, else 0.
 */
export async function listFindings(
  run: AwsRun,
  request: ListRequest,
  onBatch: (region: string, findings: Finding[]) => Promise<void>,
  finish: () => void,
): Promise<Report> {
  const query = { criteria: buildFindingCriteria(request.filter), sort: buildSortCriteria(request.sort), limit: request.limit };
  const counts = emptyCounts();
  let tripped = 0;
  // Samples count toward --fail-on (testing the alerting is what they are for); the message says how many.
  let trippedSamples = 0;
  let outcomes: RegionOutcome<StreamSummary>[];
  try {
    outcomes = await forEachRegion(run.regions, async (region) => {
      const gd = await run.ports.guardDuty(region);
      const detectorId = await detectorIdOf(gd);
      return gd.streamFindings({ ...query, detectorId }, async (findings) => {
        addToCounts(counts, findings);
        if (request.failOn) {
          for (const f of findings) {
            if (!atOrAbove(scoreOf(f.Severity), request.failOn)) continue;
            tripped++;
            if (isSampleFinding(f)) trippedSamples++;
          }
        }
        await onBatch(region, findings);
      });
    });
  } finally {
    // Also on Ctrl-C: close the JSON array (or print the rows fetched so far).
    finish();
  }

  const messages: Message[] = regionErrors(outcomes);
  const failed = messages.length > 0;
  for (const o of outcomes) {
    if (o.ok && o.value.truncated) messages.push({ kind: 'dim', text: `${o.region}: showing the first ${request.limit} (--limit); more findings match` });
  }
  const total = outcomes.reduce((n, o) => n + (o.ok ? o.value.delivered : 0), 0);
  const none = total === 0 && !failed;
  if (none) messages.push({ kind: 'plain', text: 'No EKS findings match.', when: { table: true } });
  messages.push({ kind: 'plain', text: summaryLine(counts), when: none ? { tty: true, table: false } : { tty: true } });
  if (request.failOn && tripped > 0) messages.push({ kind: 'plain', text: failOnLine(request.failOn.label, tripped, trippedSamples) });
  // An incomplete listing is an error first: the condition may hold in the region that failed, too.
  if (failed) return { messages, exitCode: ExitCode.failure };
  return { messages, exitCode: request.failOn && tripped > 0 ? ExitCode.condition : ExitCode.ok };
}
