// The deprecated EKS_RUNTIME_MONITORING gets one short note, the same line from `validate`, `enable` and
// `status`: the real binary, `status` against the project's GuardDuty and EKS test servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startEksServer, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const NOTE = /^note: .*?: (EKS_RUNTIME_MONITORING is deprecated.*)$/m;

describe('the deprecated EKS_RUNTIME_MONITORING note', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  beforeAll(async () => {
    const clusters = [{ name: 'prod' }];
    [gd, eks] = await Promise.all([
      startGuardDutyServer({
        clusters,
        detector: {
          features: [
            { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
            { name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
          ],
        },
      }),
      startEksServer({ clusters }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([gd?.close(), eks?.close()]);
  });

  it('is the same short line from validate, enable and status', async () => {
    const validate = await runBin(['validate', EXAMPLE]);
    const enable = await runBin(['enable', '--features', EXAMPLE, '--region', 'us-east-1', '--dry-run', '--endpoint-url', gd.url]);
    const status = await runBin(['status', '--region', 'us-east-1'], { env: { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url } });
    expect([validate.code, enable.code]).toEqual([0, 0]);
    const notes = [validate, enable, status].map((r) => NOTE.exec(r.stderr)?.[1]);
    expect(notes[0]).toBeDefined();
    expect(new Set(notes)).toEqual(new Set([notes[0]]));
    expect(notes[0]?.length).toBeLessThanOrEqual(90);
    for (const r of [validate, enable, status]) expect(r.stderr.match(/EKS_RUNTIME_MONITORING is deprecated/g)).toHaveLength(1);
  });
});
