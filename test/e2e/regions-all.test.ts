// `--regions all` as a user runs it: the built binary asks the Account API (ListRegions, served by the project's
// test server beside GuardDuty) for the enabled regions and fans out over them; a region where GuardDuty has no
// detector is reported as such, not as a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startEksServer, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';

const REGIONS = [
  { name: 'us-east-1', status: 'ENABLED_BY_DEFAULT' as const },
  { name: 'af-south-1', status: 'DISABLED' as const },
  { name: 'eu-west-1', status: 'ENABLED_BY_DEFAULT' as const },
  { name: 'eu-south-1', status: 'DISABLING' as const },
  { name: 'eu-north-1', status: 'ENABLED' as const },
];
const ENABLED = ['us-east-1', 'eu-west-1', 'eu-north-1'];

describe('--regions all (built binary, test server)', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  const requests: string[] = [];
  const gdeks = (args: string[], env: Record<string, string> = {}) => runBin([...args, '--regions', 'all'], { env: { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url, AWS_ENDPOINT_URL_ACCOUNT: gd.url, ...env } });
  const regionsAsked = () => [...new Set(requests.filter((l) => !l.includes('ListRegions')).map((l) => l.split(' ')[0]))].sort();

  beforeAll(async () => {
    [gd, eks] = await Promise.all([
      startGuardDutyServer({ seed: 5, findings: 12, account: { regions: REGIONS }, log: (line) => requests.push(line) }),
      startEksServer({ clusters: [{ name: 'prod' }] }),
    ]);
    gd.state.region('eu-north-1').deleteDetector();
  });
  afterAll(async () => Promise.all([gd?.close(), eks?.close()]));

  it('findings list covers every enabled region; the one without a detector is named, exit 0', async () => {
    requests.length = 0;
    const r = await gdeks(['findings', 'list', '-o', 'json']);
    expect(r.stderr).toMatch(/note: no detector in 1 of the 3 enabled regions \(GuardDuty is off there\), left out: eu-north-1/);
    expect(r.code).toBe(0);
    const regions = new Set((JSON.parse(r.stdout) as Array<{ Region: string }>).map((f) => f.Region));
    expect([...regions].sort()).toEqual(['eu-west-1', 'us-east-1']);
    // Disabled and disabling regions are never asked.
    expect(regionsAsked()).toEqual([...ENABLED].sort());
    expect(requests.filter((l) => l.includes('ListRegions'))).toHaveLength(1);
  });

  it('status reports the region without a detector as such, with its clusters; exit 0', async () => {
    const r = await gdeks(['status', '-o', 'json']);
    expect(r.code).toBe(0);
    const regions = (JSON.parse(r.stdout) as { regions: Array<{ region: string; detector: unknown; error?: unknown }> }).regions;
    expect(regions.map((x) => x.region)).toEqual(ENABLED);
    const north = regions.find((x) => x.region === 'eu-north-1');
    expect(north?.detector).toBeNull();
    expect(north?.error).toBeUndefined();
    const table = await gdeks(['status']);
    expect(table.stdout).toMatch(/eu-north-1 +no detector: GuardDuty is off in this region/);
  });

  it('usage and export-frequency --dry-run: exit 0, the region without a detector noted', async () => {
    const usage = await gdeks(['usage']);
    expect(usage.code).toBe(0);
    expect(usage.stdout).toMatch(/eu-north-1 +no detector/);
    const freq = await gdeks(['export-frequency', '1h', '--dry-run', '-o', 'json']);
    expect(freq.code).toBe(0);
    expect((JSON.parse(freq.stdout) as { results: Array<{ region: string }> }).results.map((x) => x.region)).toEqual(['us-east-1', 'eu-west-1']);
    expect(freq.stderr).toMatch(/left out: eu-north-1/);
  });

  it('AWS_ENDPOINT_URL_ACCOUNT decides where ListRegions goes', async () => {
    const other = await startGuardDutyServer({ account: { regions: [{ name: 'ap-southeast-2', status: 'ENABLED' }] } });
    try {
      const r = await gdeks(['findings', 'list', '-o', 'json'], { AWS_ENDPOINT_URL_ACCOUNT: other.url });
      expect(r.code).toBe(0);
      expect(other.stats.byOperation.ListRegions).toBe(1);
      expect(r.stderr).toBe('');
      // The GuardDuty calls went to the GuardDuty endpoint, for the one region the other account lists.
      expect(other.stats.byOperation.ListDetectors).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('--endpoint-url reaches ListRegions too', async () => {
    const before = gd.stats.byOperation.ListRegions ?? 0;
    const r = await runBin(['findings', 'list', '--regions', 'all', '--endpoint-url', gd.url, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(gd.stats.byOperation.ListRegions).toBe(before + 1);
  });

  it('"all" mixed with region names: exit 2, nothing sent', async () => {
    const before = gd.stats.requests;
    const r = await runBin(['findings', 'list', '--regions', 'all,us-east-1', '--endpoint-url', gd.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--regions: "all" stands alone/);
    expect(gd.stats.requests).toBe(before);
  });
});

describe('--regions all when ListRegions is denied, or GuardDuty is off everywhere', () => {
  it('denied: exit 1, naming account:ListRegions and --regions a,b', async () => {
    const gd = await startGuardDutyServer({ account: { denyListRegions: true } });
    try {
      const r = await runBin(['findings', 'list', '--regions', 'all', '--endpoint-url', gd.url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error: --regions all: .*access denied to account:ListRegions/);
      expect(r.stderr).toMatch(/--regions us-east-1,eu-west-1/);
      expect(gd.stats.byOperation.ListDetectors).toBeUndefined();
    } finally {
      await gd.close();
    }
  });

  it('no detector in any enabled region: findings list exits 1; status --fail-unprotected is not green', async () => {
    const [gd, eks] = await Promise.all([
      startGuardDutyServer({ detector: false, account: { regions: [{ name: 'us-east-1', status: 'ENABLED_BY_DEFAULT' }, { name: 'eu-west-1', status: 'ENABLED' }] } }),
      startEksServer({ clusters: [] }),
    ]);
    try {
      const env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url, AWS_ENDPOINT_URL_ACCOUNT: gd.url };
      const list = await runBin(['findings', 'list', '--regions', 'all'], { env });
      expect(list.code).toBe(1);
      expect(list.stderr).toMatch(/GuardDuty has no detector in any of the 2 regions enabled for the account \(us-east-1, eu-west-1\)/);
      const plain = await runBin(['status', '--regions', 'all'], { env });
      expect(plain.code).toBe(0);
      const gate = await runBin(['status', '--regions', 'all', '--fail-unprotected'], { env });
      expect(gate.code).toBe(3);
      expect(gate.stderr).toMatch(/--fail-unprotected: GuardDuty monitors nothing: no enabled detector in any of the 2 regions/);
    } finally {
      await Promise.all([gd.close(), eks.close()]);
    }
  });
});
