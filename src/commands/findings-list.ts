import type { Finding } from '@aws-sdk/client-guardduty';
import { GuardDuty } from '../aws/guardduty.js';
import { detectorIdOf, streamFindings, type StreamSummary } from '../aws/guardduty-findings.js';
import type { Ctx } from './context.js';
import { forEachRegion, type RegionOutcome } from '../workflows/fanout.js';
import { buildFindingCriteria, buildSortCriteria, parseListFlags, type ListFlags } from '../domain/findings-criteria.js';
import { isSampleFinding } from '../domain/findings-sample.js';
import { addToCounts, emptyCounts, failOnLine, summaryLine } from '../domain/findings-summary.js';
import { atOrAbove } from '../domain/severity.js';
import { ExitCode } from '../errors.js';
import { findingsWriter } from '../output/findings-stream.js';
import { findingsTarget, reportRegionErrors } from './findings-common.js';

/**
 * `gdeks findings list`: every flag is checked before the first AWS call; regions are listed in parallel and
 * each batch is written whole as it arrives, so stdout stays well-formed whatever happens (a failed region,
 * Ctrl-C). Exit 1 if a region failed, else 3 if --fail-on matched, else 0.
 */
export async function runFindingsList(ctx: Ctx, flags: ListFlags): Promise<number> {
  const { io, globals } = ctx;
  const request = parseListFlags(flags, Date.now());
  for (const note of request.notes) io.err(`${io.errColor.yellow('note:')} ${note}\n`);
  const { settings, regions } = await findingsTarget(ctx);
  const query = { criteria: buildFindingCriteria(request.filter), sort: buildSortCriteria(request.sort), limit: request.limit };

  const writer = findingsWriter(globals.output, (t) => io.out(t), {
    color: io.color,
    sort: request.sort,
    regions,
    now: () => Date.now(),
    width: io.columns,
  });
  ctx.onForcedExit(() => writer.end());
  const counts = emptyCounts();
  let tripped = 0;
  // Samples count toward --fail-on (testing the alerting is what they are for); the message says how many.
  let trippedSamples = 0;
  const onBatch = async (region: string, findings: Finding[]) => {
    writer.write(region, findings);
    addToCounts(counts, findings);
    if (request.failOn) {
      for (const f of findings) {
        if (!atOrAbove(f.Severity ?? 0, request.failOn)) continue;
        tripped++;
        if (isSampleFinding(f)) trippedSamples++;
      }
    }
    await io.drain();
  };
  let outcomes: RegionOutcome<StreamSummary>[];
  try {
    outcomes = await forEachRegion(regions, async (region) => {
      const gd = await GuardDuty.open(settings, region, ctx.signal);
      const detectorId = await detectorIdOf(gd);
      return streamFindings(gd, { ...query, detectorId }, (findings) => onBatch(region, findings));
    });
  } finally {
    // Also on Ctrl-C: close the JSON array (or print the rows fetched so far).
    writer.end();
  }

  const failed = reportRegionErrors(outcomes, io);
  for (const o of outcomes) {
    if (o.ok && o.value.truncated) {
      io.err(`${io.errColor.dim(`${o.region}: showing the first ${request.limit} (--limit); more findings match`)}\n`);
    }
  }
  const total = outcomes.reduce((n, o) => n + (o.ok ? o.value.delivered : 0), 0);
  if (total === 0 && globals.output === 'table' && !failed) io.err('No EKS findings match.\n');
  else if (io.stderrIsTTY) io.err(`${summaryLine(counts)}\n`);
  if (request.failOn && tripped > 0) {
    io.err(`${failOnLine(request.failOn.label, tripped, trippedSamples)}\n`);
  }
  // An incomplete listing is an error first: the condition may hold in the region that failed, too.
  if (failed) return ExitCode.failure;
  return request.failOn && tripped > 0 ? ExitCode.condition : ExitCode.ok;
}
