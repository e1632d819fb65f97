import type { AbsoluteLocation, FinalizeRequestHandlerOptions, FinalizeRequestMiddleware } from '@smithy/types';
import { redact } from '../text/redact.js';
import { effectiveMaxAttempts } from './retry.js';

/** The previous attempt's error, per call (the SDK's handler context is one object per call). */
const lastErrors = new WeakMap<object, unknown>();

/**
 * One stderr line per HTTP attempt: service, operation, region, status, duration, request id. It sits in
 * the finalizeRequest step at low priority, i.e. inside the retry loop, so retries show as separate lines.
 * It reads only the operation name and the response status/headers: never the request's headers, so
 * credentials, session tokens and signatures cannot leak into the log (and an endpoint that echoes them back
 * in its request id header is redacted).
 */
export function debugMiddleware<I extends object, O extends object>(
  service: string,
  region: string,
  log: (line: string) => void,
  /** False when the SDK's own strategy (AWS_RETRY_MODE) runs, which does not lower the maximum. */
  boundedRetries = true,
) {
  const middleware: FinalizeRequestMiddleware<I, O> = (next, context) => async (args) => {
    const started = performance.now();
    const op = String((context as { commandName?: string }).commandName ?? '?').replace(/Command$/, '');
    const attempt = attemptOf(args.request, boundedRetries ? lastErrors.get(context) : undefined);
    // The request id is whatever the endpoint sent back: redacted like any other text from the other side.
    const describe = (status: string, requestId: string | undefined) =>
      redact(
        `${service}.${op} ${region} ${status} ${Math.round(performance.now() - started)}ms${attempt ? ` attempt=${attempt}` : ''}${requestId ? ` request-id=${requestId}` : ''}`,
      );
    try {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string> } | undefined;
      log(describe(String(response?.statusCode ?? '?'), requestIdOf(response?.headers)));
      return result;
    } catch (e) {
      const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
      const status = err.$metadata?.httpStatusCode ? `${err.$metadata.httpStatusCode} ${err.name}` : `${err.code ?? err.name ?? 'error'}`;
      log(describe(status, err.$metadata?.requestId));
      lastErrors.set(context, e);
      throw e;
    }
  };
  return middleware;
}
debugMiddleware.options = { step: 'finalizeRequest', priority: 'low', name: 'gdeksDebug' } satisfies FinalizeRequestHandlerOptions & AbsoluteLocation & { name: string };

/**
 * `2/8` from the `amz-sdk-request: attempt=2; max=8` header the SDK's retry step adds to each attempt (the one
 * request header read here: it holds nothing secret). After an attempt that got no answer the call may make
 * fewer attempts (src/aws/retry.ts): the maximum shown is the one that now applies, so k never exceeds it.
 */
function attemptOf(request: unknown, previousError: unknown): string | undefined {
  const header = (request as { headers?: Record<string, string> } | undefined)?.headers?.['amz-sdk-request'];
  const m = header ? /attempt=(\d+); ?max=(\d+)/.exec(header) : null;
  if (!m) return undefined;
  const max = previousError === undefined ? Number(m[2]) : effectiveMaxAttempts(Number(m[2]), previousError);
  return `${m[1]}/${max}`;
}

function requestIdOf(headers: Record<string, string> | undefined): string | undefined {
  if (!headers) return undefined;
  return headers['x-amzn-requestid'] ?? headers['x-amzn-RequestId'] ?? headers['x-amz-request-id'];
}
