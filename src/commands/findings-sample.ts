import { EKS_FINDING_TYPES, expandFindingType, looksLikeFindingType } from '../domain/findings-types.js';
import { note } from '../domain/report.js';
import { UsageError } from '../errors.js';
import { emit, emitMessages } from '../output/emit.js';
import { renderSampleText } from '../output/findings-sample.js';
import { createSamples } from '../workflows/findings-sample.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

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

/** `gdeks findings sample`: sample EKS findings (every type, or the --type ones) in each region. */
export async function runFindingsSample(ctx: Ctx, flags: SampleFlags): Promise<number> {
  const { types, notes } = sampleTypes(flags.type);
  emitMessages(ctx.io, notes.map(note));
  return emit(ctx.io, ctx.globals.output, await createSamples(await awsRun(ctx, { needsDetector: true }), types), renderSampleText);
}
