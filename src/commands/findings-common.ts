import { parseFindingRefs, splitIdList, type FindingRef } from '../domain/finding-refs.js';
import { UsageError } from '../errors.js';
import { readCapped } from '../pipe-read.js';
import type { AwsRun } from '../workflows/run.js';
import { awsRun } from './aws-run.js';
import type { Ctx } from './context.js';

/** Ids on stdin: about 250,000 of them; more is not a list anyone pasted. */
export const MAX_STDIN_IDS_BYTES = 8 * 1024 * 1024;

/**
 * The finding references of `findings show|archive|unarchive`: the arguments, with `-` replaced by the ids or
 * ARNs on stdin (whitespace separated). Every one is validated before any AWS call (exit 2 naming each bad one);
 * empty stdin is a usage error too. The read is abandoned at once on Ctrl-C (src/pipe-read.ts).
 */
export async function readFindingRefs(ctx: Ctx, args: readonly string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<FindingRef[]> {
  const values: string[] = [];
  let readStdin = false;
  for (const arg of args) {
    if (arg !== '-') {
      values.push(arg);
      continue;
    }
    if (readStdin) throw new UsageError('"-" (read ids from stdin) given twice');
    readStdin = true;
    const { bytes, tooLarge } = await readCapped(stdin as never, MAX_STDIN_IDS_BYTES, ctx.signal);
    if (tooLarge) throw new UsageError(`stdin: more than ${MAX_STDIN_IDS_BYTES / 1024 / 1024} MiB of finding ids; give fewer at a time`);
    const ids = splitIdList(bytes.toString('utf8'));
    if (ids.length === 0) throw new UsageError('"-": no finding ids on stdin', ['e.g. gdeks findings list -o json | jq -r \'.[].Arn\' | gdeks findings archive -']);
    values.push(...ids);
  }
  return parseFindingRefs(values);
}

/**
 * The run for finding references: when every one is an ARN, the ARNs' regions (no region setting needed, and
 * --regions all needs no ListRegions); otherwise the regions of the run, as every command has them.
 */
export function findingsRun(ctx: Ctx, refs: readonly FindingRef[]): Promise<AwsRun> {
  const arnRegions = refs.flatMap((r) => (r.kind === 'arn' ? [r.region] : []));
  if (refs.length > 0 && arnRegions.length === refs.length) return awsRun(ctx, { regions: [...new Set(arnRegions)] });
  return awsRun(ctx, { needsDetector: true });
}
