import { AwsError } from '../errors.js';
import { redact } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';
import { credentialFailureOf, explainCredentialFailure } from './credentials.js';
import { noAnswerSummary } from './retry.js';

export interface CallSite {
  service: 'guardduty' | 'eks' | 'account';
  operation: string;
  region: string;
  /** The profile in use (--profile or AWS_PROFILE), named in credential errors. */
  profile?: string;
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  address?: string;
  port?: number;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/**
 * True when the endpoint does not implement the operation at all (a local emulator such as moto answers an
 * unknown route with an HTML 404 page, which the SDK reports as a SyntaxError), as opposed to a modeled
 * error such as ResourceNotFoundException, whose name ends in "Exception".
 */
export function isUnsupportedOperation(e: unknown): boolean {
  const err = (e ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  const name = err.name ?? '';
  const status = err.$metadata?.httpStatusCode;
  if (['UnknownOperationException', 'UnknownOperation', 'NotImplemented', 'InvalidAction'].includes(name)) return true;
  if (status === 501) return true;
  return (status === 404 || status === 405) && !name.endsWith('Exception');
}

/** Hosts of AWS's own endpoints; any other host came from --endpoint-url or AWS_ENDPOINT_URL*. */
const AWS_HOST = /\.(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/;

/** The SDK's HTTP handler prefixes its messages with its package name and a log level. */
const stripLogPrefix = (message: string) => message.replace(/^@[\w./-]+ - \[[A-Z]+\] /, '').replace(/\.$/, '');

/**
 * Turns whatever the SDK threw into one AwsError with a single clear line. Matching is by name, not
 * instanceof, because credential-provider and network errors come from packages other than the client.
 */
export function translateAwsError(e: unknown, site: CallSite): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? 'Error';
  const code = err.code ?? name;
  const message = stripLogPrefix(redact(sanitize(String(err.message ?? e).split('\n')[0] ?? '')));
  const status = err.$metadata?.httpStatusCode;
  const action = `${site.service}:${site.operation}`;
  const where = `${site.operation} in ${site.region}`;
  // The whole line is redacted, not just the message: the request id (in `tail`) is the endpoint's text too.
  const make = (c: string, text: string, details?: string[]) =>
    new AwsError(redact(text), { code: c, region: site.region, operation: site.operation, cause: e, details: details?.map(redact) });
  const suffix = [status ? `HTTP ${status}` : '', err.$metadata?.requestId ? `request id ${err.$metadata.requestId}` : '']
    .filter(Boolean)
    .join(', ');
  const tail = suffix ? ` (${suffix})` : '';
  // For a call that never got an answer: how many attempts it made and for how long (src/aws/retry.ts).
  const tried = noAnswerSummary(e);
  const noAnswer = tried ? `; no answer after ${tried.attempts === 1 ? '1 attempt' : `${tried.attempts} attempts`} over ${(tried.ms / 1000).toFixed(1)} s` : '';
  const serviceName = site.service === 'eks' ? 'EKS' : site.service === 'account' ? 'Account Management' : 'GuardDuty';

  // Credentials from an SSO session, an assumed role or a credential_process: say which and what to do.
  const credentials = credentialFailureOf(e);
  const explained = credentials && explainCredentialFailure(e, credentials, where);
  if (explained) return make(explained.code, explained.message, explained.details);
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to load credentials/i.test(message)) {
    const profile = site.profile ?? process.env.AWS_PROFILE;
    return make('NoCredentials', `no AWS credentials found for ${where}${profile ? ` with profile "${profile}"` : ''}`, [
      ...(profile ? [`Check that profile "${profile}" exists in ~/.aws/config or ~/.aws/credentials (for SSO, run \`aws sso login --profile ${profile}\`).`] : []),
      'Provide them the way every AWS tool reads them: --profile NAME or AWS_PROFILE (with `aws sso login` for SSO),',
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), or an instance/container role.',
    ]);
  }
  if (/Region is missing/i.test(message)) {
    return make('NoRegion', 'no region: pass --region (or --regions a,b) or set AWS_REGION');
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || /token.*expired|expired.*token/i.test(message)) {
    return make('ExpiredCredentials', `the AWS credentials have expired (${where})`, [
      'Refresh them (for SSO: `aws sso login --profile NAME`) and run again.',
    ]);
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || name === 'InvalidClientTokenId') {
    return make('InvalidCredentials', `AWS rejected the credentials for ${where}: ${message}${tail}`);
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || status === 403) {
    return make('AccessDenied', `access denied: the caller may not perform ${action} in ${site.region}${tail}`, [
      `Grant ${action} (see the IAM policy in the README). AWS said: ${message}`,
    ]);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = err.hostname ?? 'the endpoint';
    // A region typo only matters for AWS's own hosts; a custom endpoint's name is wrong or unreachable by itself.
    const why = err.hostname && !AWS_HOST.test(err.hostname)
      ? 'check --endpoint-url / AWS_ENDPOINT_URL*'
      : `is "${site.region}" a region where ${serviceName} is available?`;
    return make('EndpointNotFound', `cannot resolve ${host} for ${where}${noAnswer}: ${why}`);
  }
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH') {
    const peer = err.address ? ` ${err.address}${err.port ? `:${err.port}` : ''}` : '';
    return make('ConnectionFailed', `${where}: cannot connect to${peer || ' the endpoint'}: ${code}${noAnswer} (check --endpoint-url, proxies and network)`);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return make('Timeout', `${where} timed out: ${message}${noAnswer} (see --connect-timeout / --read-timeout)`);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || status === 429) {
    const attempts = err.$metadata?.attempts;
    const tries = attempts === undefined ? 'all attempts' : attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    return make('Throttled', `${where} was still throttled after ${tries}${tail} (raise --max-attempts or try later)`);
  }
  if (isUnsupportedOperation(e)) {
    return make('UnsupportedOperation', `${site.operation} is not supported by the ${serviceName} endpoint in ${site.region}${tail}`, [
      'The endpoint (--endpoint-url / AWS_ENDPOINT_URL*) does not implement this operation; an emulator or proxy may lack it.',
    ]);
  }
  if (status !== undefined && status >= 500) {
    return make(name, `${serviceName} failed ${where}: ${name}: ${message}${tail}`);
  }
  if (name === 'BadRequestException' || name === 'InvalidParameterException' || name === 'InvalidRequestException') {
    return make(name, `${serviceName} rejected ${where}: ${message}${tail}`);
  }
  return make(name, `${where} failed: ${name}${message && message !== name ? `: ${message}` : ''}${tail}`);
}

/** A region without a detector: every command that needs one says the same (`enable` creates it). */
export function noDetectorError(region: string, hint = 'run `gdeks enable --features <file>` first'): AwsError {
  return new AwsError(`${region}: no GuardDuty detector; ${hint}`, { code: 'NoDetector', region, operation: 'ListDetectors' });
}

/**
 * `work`, or the signal's reason as soon as it aborts. The SDK honours its abortSignal only around the HTTP
 * request: a call still resolving its credentials or region (a credential_process, the instance metadata
 * service) would hold the interrupted run until that finished.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs one SDK call for `site`: nothing starts after Ctrl-C, an interruption stays an interruption (not an AWS
 * failure), and any other failure becomes one AwsError naming the operation and region.
 */
export async function callAws<T>(
  site: CallSite,
  signal: AbortSignal | undefined,
  fn: (options: { abortSignal?: AbortSignal }) => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw signal.reason;
  try {
    return await untilAborted(fn({ abortSignal: signal }), signal);
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw translateAwsError(e, site);
  }
}

/** Codes translateAwsError gives failures that a later attempt may not meet: throttling, timeouts, lost connections. */
const TRANSIENT_CODES = new Set(['Throttled', 'Timeout', 'ConnectionFailed']);

/**
 * Whether a failure (after the SDK's own retries) may pass by itself, so a long-running command should wait
 * and try again rather than give up: throttling, a 5xx answer, a timeout, a lost or refused connection, a name
 * lookup that failed for now (EAI_AGAIN). Access denied, bad credentials, a missing detector or an operation the
 * endpoint lacks will not.
 */
export function isTransientAwsError(e: AwsError): boolean {
  if (TRANSIENT_CODES.has(e.code)) return true;
  if (e.code === 'UnsupportedOperation') return false;
  const cause = (e.cause ?? {}) as { code?: string; $metadata?: { httpStatusCode?: number } };
  const status = cause.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return cause.code === 'EAI_AGAIN';
}
