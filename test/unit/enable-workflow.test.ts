// The enable workflow against a fake GuardDuty port (no SDK, no mock library): which reads it sends, and when.
import { describe, expect, it } from 'vitest';
import type { GuardDutyPort } from '../../src/aws/ports.js';
import { enableInRegion } from '../../src/workflows/enable.js';

/** A port whose GetDetector and GetAdministratorAccount answer only when both have been asked. */
function fakePort(log: string[]): GuardDutyPort {
  let release: () => void = () => undefined;
  const bothAsked = new Promise<void>((r) => (release = r));
  let asked = 0;
  const ask = async (name: string) => {
    log.push(name);
    if (++asked === 2) release();
    await bothAsked;
  };
  const port: Partial<GuardDutyPort> = {
    region: 'us-east-1',
    singleDetectorId: async () => (log.push('ListDetectors'), 'det-1'),
    getDetector: async (detectorId) => (await ask('GetDetector'), { detectorId, status: 'ENABLED', features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }] }),
    getAdministrator: async () => (await ask('GetAdministratorAccount'), { accountId: '111122223333', relationshipStatus: 'Enabled' }),
  };
  return port as GuardDutyPort;
}

describe('enable --dry-run workflow', () => {
  it('asks for the detector and the administrator at once (neither waits for the other), then reports the member account', async () => {
    const log: string[] = [];
    const result = await Promise.race([
      enableInRegion(fakePort(log), [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }], { dryRun: true, onlyListed: false, resume: false }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the reads waited for each other: ${log.join(', ')}`)), 20_000)),
    ]);
    expect(log).toEqual(['ListDetectors', 'GetAdministratorAccount', 'GetDetector']);
    expect(result.error?.code).toBe('MemberAccount');
    expect(result.changes).toEqual([{ target: 'EKS_AUDIT_LOGS', from: 'DISABLED', to: 'ENABLED' }]);
  });
});
