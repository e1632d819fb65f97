import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { AccountClient } from '@aws-sdk/client-account';
import type { Logger } from '@smithy/types';
import type { AwsSettings } from './settings.js';
import { VERSION } from '../version.js';
import { credentialDiagnostics } from './credentials.js';
import { debugMiddleware } from './debug.js';
import { readPlainAnswers } from './plain-answers.js';
import { BoundedRetryStrategy } from './retry.js';


/**
 * Default attempts per call (the SDK's own default is 3). GuardDuty throttles bursts of ListFindings and
 * GetFindings; at a 30 % throttling rate three attempts lose about one request in 40, eight lose one in
 * 15,000, and an endpoint that always fails still gives up within ~11 s (see retryDelayMs). An attempt that
 * gets no answer at all (timeout, refused connection) allows only 3 (src/aws/retry.ts).
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Backoff before retry n (1-based): full jitter over 100 ms × 2^(n-1), capped at 5 s. The SDK's default waits
 * up to 1 s before the first retry of a throttled call and doubles from there; ListFindings pages are
 * sequential (each needs the previous token), so those waits add up page after page: at 30 % throttling a
 * 5,000-finding listing ran ~15× slower. Still exponential and jittered, so a throttled account is not
 * hammered, and the SDK's retry quota still stops a storm of retries.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(5_000, 100 * 2 ** (attempt - 1)));
}

// The SDK prints a multi-line NodeVersionSupportWarning on Node 20 from every client constructor; a CLI
// run in CI must not repeat it in every log. The SDK's own opt-out is this variable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function baseConfig(settings: AwsSettings, region: string | undefined, logger: Logger) {
  // AWS_MAX_ATTEMPTS arrives here as settings.maxAttempts, range-checked like the flag (src/domain/globals.ts).
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return {
    region,
    profile: settings.profile,
    // Only --endpoint-url is passed explicitly: without it the SDK keeps honouring AWS_ENDPOINT_URL and the
    // service-specific AWS_ENDPOINT_URL_GUARDDUTY / AWS_ENDPOINT_URL_EKS and the profile's endpoint_url.
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    // Always given, even with our own strategy: the SDK numbers attempts in the amz-sdk-request header (which
    // --debug prints) from this value, and left alone it read 3 (its default) while we made 8.
    maxAttempts,
    // A user who chose AWS_RETRY_MODE (e.g. adaptive) gets the SDK's strategy for it; otherwise ours.
    ...(process.env.AWS_RETRY_MODE ? {} : { retryStrategy: new BoundedRetryStrategy(maxAttempts, (n: number) => retryDelayMs(n)) }),
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs ?? 10_000,
      requestTimeout: settings.readTimeoutMs ?? 60_000,
      // Without this the SDK only logs a warning (to the client's no-op logger) when requestTimeout passes and
      // keeps waiting: --read-timeout did nothing and an endpoint that never answers hung the run for ever.
      throwOnRequestTimeout: true,
    },
    customUserAgent: `gdeks/${VERSION}`,
    // Collects the credential providers' messages for src/aws/credentials.ts; logs nothing itself.
    logger,
  };
}

/**
 * The SDK's logger middleware hands every answer to the logger's `info`, after copying it whole to blank out
 * sensitive fields: gdeks's logger keeps only the credential providers' messages (`debug`) and drops `info`, so
 * that copy was pure cost (a tenth of the CPU of `status --organization` at 20,000 members).
 */
const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

export async function createGuardDutyClient(settings: AwsSettings, region: string | undefined): Promise<GuardDutyClient> {
  const { GuardDutyClient } = await import('@aws-sdk/client-guardduty');
  const diagnostics = credentialDiagnostics(settings.profile);
  const client = new GuardDutyClient(baseConfig(settings, region, diagnostics.logger));
  client.middlewareStack.use(diagnostics);
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  readPlainAnswers(client);
  if (settings.debugLog) client.middlewareStack.add(debugMiddleware('guardduty', region ?? 'default-region', settings.debugLog, !process.env.AWS_RETRY_MODE), debugMiddleware.options);
  return client;
}

export async function createEksClient(settings: AwsSettings, region: string): Promise<EKSClient> {
  const { EKSClient } = await import('@aws-sdk/client-eks');
  const diagnostics = credentialDiagnostics(settings.profile);
  const client = new EKSClient(baseConfig(settings, region, diagnostics.logger));
  client.middlewareStack.use(diagnostics);
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  if (settings.debugLog) client.middlewareStack.add(debugMiddleware('eks', region, settings.debugLog, !process.env.AWS_RETRY_MODE), debugMiddleware.options);
  return client;
}

/**
 * The Account Management client, loaded only for `--regions all`. The SDK's endpoint rules send every region of a
 * partition to its one global endpoint (account.us-east-1.amazonaws.com, signed for us-east-1, in aws); without
 * --endpoint-url the SDK honours AWS_ENDPOINT_URL_ACCOUNT and AWS_ENDPOINT_URL as for the other services.
 */
export async function createAccountClient(settings: AwsSettings, region: string): Promise<AccountClient> {
  const { AccountClient } = await import('@aws-sdk/client-account');
  const diagnostics = credentialDiagnostics(settings.profile);
  const client = new AccountClient(baseConfig(settings, region, diagnostics.logger));
  client.middlewareStack.use(diagnostics);
  if (settings.debugLog) client.middlewareStack.add(debugMiddleware('account', region, settings.debugLog, !process.env.AWS_RETRY_MODE), debugMiddleware.options);
  return client;
}
