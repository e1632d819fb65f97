import { AwsError } from '../errors.js';
import { redact } from '../output/redact.js';
import { sanitize } from '../output/sanitize.js';

export interface CallSite {
  service: 'guardduty' | 'eks';
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
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/**
 * Turns whatever the SDK threw into one AwsError with a single clear line. Matching is by name, not
 * instanceof, because credential-provider and network errors come from packages other than the client.
 */
export function translateAwsError(e: unknown, site: CallSite): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? 'Error';
  const code = err.code ?? name;
  const message = redact(sanitize(String(err.message ?? e)).split('\n')[0] ?? '');
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
    return make('EndpointNotFound', `cannot resolve ${err.hostname ?? 'the endpoint'} for ${where}: is "${site.region}" a region where ${site.service === 'eks' ? 'EKS' : 'GuardDuty'} is available?`);
  }
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH') {
    return make('ConnectionFailed', `cannot connect for ${where}: ${code} (check --endpoint-url, proxies and network)`);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return make('Timeout', `${where} timed out: ${message} (see --connect-timeout / --read-timeout)`);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || status === 429) {
    return make('Throttled', `${where} was still throttled after ${err.$metadata?.attempts ?? 'all'} attempts${tail} (raise --max-attempts or try later)`);
  }
  if (status !== undefined && status >= 500) {
    return make(name, `${site.service === 'eks' ? 'EKS' : 'GuardDuty'} failed ${where}: ${name}: ${message}${tail}`);
  }
  if (name === 'BadRequestException' || name === 'InvalidParameterException' || name === 'InvalidRequestException') {
    return make(name, `${site.service === 'eks' ? 'EKS' : 'GuardDuty'} rejected ${where}: ${message}${tail}`);
  }
  return make(name, `${where} failed: ${name}${message && message !== name ? `: ${message}` : ''}${tail}`);
}
