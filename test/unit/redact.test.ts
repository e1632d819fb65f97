import { describe, expect, it } from 'vitest';
import { translateAwsError } from '../../src/aws/errors.js';
import { redact } from '../../src/text/redact.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SIG = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

describe('secrets never reach the output', () => {
  it('redact masks access key ids, signatures, session tokens and credential scopes', () => {
    const text = `key ${AKID} Authorization: AWS4-HMAC-SHA256 Credential=${AKID}/20261125/us-east-1/guardduty/aws4_request, Signature=${SIG} X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH`;
    const out = redact(text);
    expect(out).not.toContain(AKID);
    expect(out).not.toContain(SIG);
    expect(out).not.toContain('IQoJb3JpZ2luX2VjEJr');
    expect(out).toMatch(/AKIA…\(redacted\)/);
  });

  it('an SDK error that echoes the request is translated without its secrets', () => {
    const e = Object.assign(new Error(`The request signature we calculated does not match. Credential=${AKID}/20261125 Signature=${SIG}`), {
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    const err = translateAwsError(e, { service: 'guardduty', operation: 'ListDetectors', region: 'us-east-1' });
    expect(err.message).toMatch(/AWS rejected the credentials/);
    expect(err.message).not.toContain(AKID);
    expect(err.message).not.toContain(SIG);
  });
});
