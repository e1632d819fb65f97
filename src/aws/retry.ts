import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, StandardRetryToken } from '@smithy/types';

/**
 * Attempts for a call whose attempt got no answer at all (a timeout, a refused or reset connection, a name
 * that does not resolve), as the AWS CLI's standard retry mode allows any error. An endpoint that never answers
 * then costs 3 × --read-timeout, not 8 × (8 minutes a region on the defaults); throttling and 5xx, which are
 * answers and come back fast, keep the longer budget. A lower --max-attempts / AWS_MAX_ATTEMPTS still wins.
 */
export const NO_ANSWER_MAX_ATTEMPTS = 3;

/** Node's codes for a connection that failed or a host that could not be reached or resolved. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an attempt failed without any HTTP response: no status, and a timeout or network error. */
export function isNoAnswer(e: unknown): boolean {
  const err = (e ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown };
  if (err.$metadata?.httpStatusCode || err.$response) return false;
  return err.name === 'TimeoutError' || NETWORK_CODES.has(err.code ?? '');
}

/** The most attempts a call may make after an attempt that failed with `e`. */
export function effectiveMaxAttempts(maxAttempts: number, e: unknown): number {
  return isNoAnswer(e) ? Math.min(NO_ANSWER_MAX_ATTEMPTS, maxAttempts) : maxAttempts;
}

/** How long a call that got no answer tried, for the error message ("over 6.2 s"); set when it gives up. */
const triedFor = new WeakMap<object, { attempts: number; ms: number }>();

export function noAnswerSummary(e: unknown): { attempts: number; ms: number } | undefined {
  return e && typeof e === 'object' ? triedFor.get(e) : undefined;
}

/** A token that remembers when the call's first attempt started. */
type TimedToken = StandardRetryToken & { gdeksStartedAt?: number };

/**
 * The SDK's configured strategy (our backoff, the SDK's retry quota), except that an attempt with no answer
 * ends the call once NO_ANSWER_MAX_ATTEMPTS attempts have been made.
 */
export class BoundedRetryStrategy extends ConfiguredRetryStrategy {
  constructor(
    private readonly maxAttemptsValue: number,
    backoff: (attempt: number) => number,
  ) {
    super(maxAttemptsValue, backoff);
  }

  override async acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    const token = (await super.acquireInitialRetryToken(scope)) as TimedToken;
    token.gdeksStartedAt = performance.now();
    return token;
  }

  override async refreshRetryTokenForRetry(token: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    const started = (token as TimedToken).gdeksStartedAt ?? performance.now();
    const attempts = token.getRetryCount() + 1;
    const noAnswer = isNoAnswer(info.error);
    const record = () => {
      if (noAnswer && info.error && typeof info.error === 'object') triedFor.set(info.error, { attempts, ms: performance.now() - started });
    };
    if (attempts >= effectiveMaxAttempts(this.maxAttemptsValue, info.error)) {
      record();
      throw new Error('No retry token available');
    }
    let next: TimedToken;
    try {
      next = (await super.refreshRetryTokenForRetry(token, info)) as TimedToken;
    } catch (e) {
      record();
      throw e;
    }
    next.gdeksStartedAt = started;
    return next;
  }
}
