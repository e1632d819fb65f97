import { AwsError, InterruptedError } from '../errors.js';

export type RegionOutcome<T> = { region: string; ok: true; value: T } | { region: string; ok: false; error: AwsError };

/**
 * Runs `work` for every region at once and waits for all of them: one failing region never stops or hides
 * the others. Results keep the order the user gave. An interruption is not a region failure: it propagates.
 */
export async function forEachRegion<T>(regions: readonly string[], work: (region: string) => Promise<T>): Promise<RegionOutcome<T>[]> {
  const settled = await Promise.allSettled(regions.map((region) => work(region)));
  return settled.map((s, i) => {
    const region = regions[i] as string;
    if (s.status === 'fulfilled') return { region, ok: true, value: s.value };
    if (s.reason instanceof InterruptedError) throw s.reason;
    const error =
      s.reason instanceof AwsError
        ? s.reason
        : new AwsError(`${region}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`, {
            code: 'InternalError',
            region,
            cause: s.reason,
          });
    return { region, ok: false, error };
  });
}
