import type { GuardDutyClient } from '@aws-sdk/client-guardduty';

/**
 * What the GuardDuty adapter's operation files (guardduty-*.ts, coverage.ts) share: the SDK client and the
 * one `call` every operation goes through. It never leaves src/aws: outside, GuardDuty is a GuardDutyPort.
 */
export interface GuardDutyWire {
  readonly client: GuardDutyClient;
  readonly region: string;
  readonly signal?: AbortSignal;
  /** Runs one SDK call, translating its failure into an AwsError naming the operation and region. */
  call<T>(operation: string, fn: (options: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T>;
}

/**
 * The SDK may complete a request that raced with Ctrl-C (and mocks ignore the signal): check before each
 * new call and before printing, so an interrupted run stops promptly.
 */
export function throwIfAborted(gd: GuardDutyWire): void {
  if (gd.signal?.aborted) throw gd.signal.reason;
}
