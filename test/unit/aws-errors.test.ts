import { describe, expect, it } from 'vitest';
import { isTransientAwsError, noDetectorError, translateAwsError } from '../../src/aws/errors.js';

const site = { service: 'guardduty' as const, operation: 'ListFindings', region: 'us-east-1' };
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('translateAwsError: one clear line for what the SDK threw', () => {
  it('an endpoint answering an HTML 404 (an emulator lacking the operation) is "not supported", not a JSON parse error', () => {
    const e = sdkError('SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON', { $metadata: { httpStatusCode: 404 } });
    const t = translateAwsError(e, site);
    expect(t.code).toBe('UnsupportedOperation');
    expect(t.message).toBe('ListFindings is not supported by the GuardDuty endpoint in us-east-1 (HTTP 404)');
    expect(t.details.join('\n')).toMatch(/--endpoint-url/);
  });

  it('a modeled 404 (ResourceNotFoundException) keeps its own name', () => {
    const e = sdkError('ResourceNotFoundException', 'No cluster found', { $metadata: { httpStatusCode: 404 } });
    expect(translateAwsError(e, { ...site, service: 'eks', operation: 'DescribeCluster' }).code).toBe('ResourceNotFoundException');
  });

  it('an unresolvable custom endpoint points at --endpoint-url; an AWS host at the region', () => {
    const custom = translateAwsError(sdkError('Error', 'getaddrinfo ENOTFOUND gd.invalid', { code: 'ENOTFOUND', hostname: 'gd.invalid' }), site);
    expect(custom.message).toBe('cannot resolve gd.invalid for ListFindings in us-east-1: check --endpoint-url / AWS_ENDPOINT_URL*');
    const aws = translateAwsError(
      sdkError('Error', 'getaddrinfo ENOTFOUND guardduty.xx-east-9.amazonaws.com', { code: 'ENOTFOUND', hostname: 'guardduty.xx-east-9.amazonaws.com' }),
      { ...site, region: 'xx-east-9' },
    );
    expect(aws.message).toMatch(/is "xx-east-9" a region where GuardDuty is available\?$/);
  });

  it('a refused connection names the address it tried', () => {
    const e = sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:5055', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5055 });
    expect(translateAwsError(e, site).message).toBe(
      'ListFindings in us-east-1: cannot connect to 127.0.0.1:5055: ECONNREFUSED (check --endpoint-url, proxies and network)',
    );
  });

  it("a read timeout reads as a sentence, without the HTTP handler's package name and log level", () => {
    const e = sdkError('TimeoutError', '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 1000 ms requestTimeout.');
    expect(translateAwsError(e, site).message).toBe(
      'ListFindings in us-east-1 timed out: a request has exceeded the configured 1000 ms requestTimeout (see --connect-timeout / --read-timeout)',
    );
  });

  it('throttling counts attempts in good English', () => {
    const one = sdkError('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 429, attempts: 1 } });
    expect(translateAwsError(one, site).message).toMatch(/still throttled after 1 attempt \(HTTP 429\)/);
    const many = sdkError('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 429, attempts: 8 } });
    expect(translateAwsError(many, site).message).toMatch(/still throttled after 8 attempts \(HTTP 429\)/);
  });
});

describe('isTransientAwsError: what a watch waits out rather than gives up on', () => {
  const t = (e: Error) => isTransientAwsError(translateAwsError(e, site));
  it.each([
    ['throttling', sdkError('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 429 } })],
    ['a 500', sdkError('InternalServerErrorException', 'oops', { $metadata: { httpStatusCode: 500 } })],
    ['a 503', sdkError('ServiceUnavailable', 'busy', { $metadata: { httpStatusCode: 503 } })],
    ['a refused connection', sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' })],
    ['a reset connection', sdkError('Error', 'socket hang up', { code: 'ECONNRESET' })],
    ['a timeout', sdkError('TimeoutError', 'Connection timed out after 1000 ms')],
    ['a name lookup that failed for now', sdkError('Error', 'getaddrinfo EAI_AGAIN gd.example', { code: 'EAI_AGAIN', hostname: 'gd.example' })],
  ])('%s: transient', (_what, e) => {
    expect(t(e)).toBe(true);
  });

  it.each([
    ['access denied', sdkError('AccessDeniedException', 'no', { $metadata: { httpStatusCode: 403 } })],
    ['bad credentials', sdkError('UnrecognizedClientException', 'bad token', { $metadata: { httpStatusCode: 403 } })],
    ['a bad request', sdkError('BadRequestException', 'bad', { $metadata: { httpStatusCode: 400 } })],
    ['an operation the endpoint lacks (501)', sdkError('NotImplemented', 'no', { $metadata: { httpStatusCode: 501 } })],
    ['a host that does not exist', sdkError('Error', 'getaddrinfo ENOTFOUND gd.invalid', { code: 'ENOTFOUND', hostname: 'gd.invalid' })],
  ])('%s: not transient', (_what, e) => {
    expect(t(e)).toBe(false);
  });

  it('no detector: not transient', () => {
    expect(isTransientAwsError(noDetectorError('us-east-1'))).toBe(false);
  });
});
