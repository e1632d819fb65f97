import { GuardDuty } from '../aws/guardduty.js';
import { createSampleFindings, detectorIdOf } from '../aws/guardduty-findings.js';
import type { Ctx } from './context.js';
import { forEachRegion } from '../workflows/fanout.js';
import { EKS_FINDING_TYPES, expandFindingType, looksLikeFindingType } from '../domain/findings-types.js';
import { ExitCode, UsageError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { findingsTarget, reportRegionErrors } from './findings-common.js';

export interface SampleFlags {
  type?: string[];
}

/** The types to sample: each --type as in `findings list` (exact, or a prefix of known EKS types), else all of them. */
export function sampleTypes(values: readonly string[] | undefined): { types: string[]; notes: string[] } {
  if (!values || values.length === 0) return { types: [...EKS_FINDING_TYPES], notes: [] };
  const types = new Set<string>();
  const notes: string[] = [];
  for (const value of values) {
    const match = expandFindingType(value);
    if (!match.known) {
      if (!looksLikeFindingType(value.trim())) {
        throw new UsageError(`--type: "${value}" is neither a finding type nor the start of a known EKS finding type`, [
          'e.g. --type Execution:Kubernetes/ExecInKubeSystemPod, --type PrivilegeEscalation:Kubernetes or --type CryptoCurrency:Runtime',
        ]);
      }
      notes.push(`--type ${value.trim()} is not a finding type gdeks knows; asking GuardDuty for it anyway`);
    }
    for (const t of match.types) types.add(t);
  }
  return { types: [...types], notes };
}

/**
 * `gdeks findings sample`: CreateSampleFindings for every EKS finding type (or the --type ones), in calls of
 * at most 50 types, so an alerting pipeline (EventBridge rule, SIEM) can be tested end to end.
 */
export async function runFindingsSample(ctx: Ctx, flags: SampleFlags): Promise<number> {
  const { io, globals } = ctx;
  const { types, notes } = sampleTypes(flags.type);
  for (const note of notes) io.err(`${io.errColor.yellow('note:')} ${note}\n`);
  const { settings, regions } = await findingsTarget(ctx);
  const outcomes = await forEachRegion(regions, async (region) => {
    const gd = await GuardDuty.open(settings, region, ctx.signal);
    const detectorId = await detectorIdOf(gd);
    return { detectorId, requested: await createSampleFindings(gd, detectorId, types) };
  });

  if (globals.output === 'table') {
    for (const o of outcomes) {
      if (!o.ok) continue;
      const n = o.value.requested;
      io.out(`${io.color.green('✓')} ${o.region}: requested ${n} sample finding${n === 1 ? '' : 's'} ${io.color.dim(`(detector ${sanitize(o.value.detectorId)})`)}\n`);
    }
    const ok = outcomes.filter((o) => o.ok).map((o) => o.region);
    if (ok.length > 0) {
      const where = ok.length === 1 ? `--region ${ok[0]}` : `--regions ${ok.join(',')}`;
      io.out(
        `Sample findings appear within a minute, marked [sample] (titles "[SAMPLE] …"); like real ones, they count toward --fail-on. List them with:\n  gdeks findings list ${where} --since 15m\n`,
      );
    }
  } else {
    const results = outcomes.map((o) =>
      o.ok
        ? { region: o.region, detectorId: o.value.detectorId, requested: o.value.requested, types }
        : { region: o.region, detectorId: null, requested: 0, types, error: { code: o.error.code, message: o.error.message } },
    );
    io.out(globals.output === 'json' ? `${JSON.stringify({ results }, null, 2)}\n` : `${results.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }
  return reportRegionErrors(outcomes, io) ? ExitCode.failure : ExitCode.ok;
}
