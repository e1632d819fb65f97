// A suspended detector (GetDetector Status DISABLED, as after `aws guardduty update-detector --no-enable`)
// monitors nothing: no gate may be green while it is suspended. The real binary against the project's test
// server, whose detector is seeded suspended with the example file's features already on.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { configureOrganization } from '../server/org.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import type { Json } from '../server/validate.js';

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const dir = mkdtempSync(join(tmpdir(), 'gdeks-suspended-'));
const auditOff = join(dir, 'audit-off.json');
writeFileSync(auditOff, JSON.stringify([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]));

/** The example file's features, already on: only the suspension differs from what the file asks for. */
const EXAMPLE_ON: Json[] = [
  { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
  { name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
];

const open: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function suspended(): Promise<RunningServer> {
  const server = await startGuardDutyServer({
    baseTime: '2026-06-01T00:00:00.000Z',
    findings: 5,
    detector: { enable: false, features: EXAMPLE_ON, findingPublishingFrequency: 'SIX_HOURS' },
  });
  open.push(server);
  return server;
}

const gdeks = (server: RunningServer, args: string[]) => runBin([...args, '--region', 'us-east-1', '--endpoint-url', server.url]);
const detector = (server: RunningServer) => server.state.region('us-east-1').detector;

describe('a suspended detector is drift (the real binary)', () => {
  it('enable --check: the plan shows Status SUSPENDED → ENABLED, exit 3, nothing written', async () => {
    const server = await suspended();
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '--check']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    expect(r.stdout).not.toMatch(/unchanged|already matches/);
    expect(server.stats.byOperation.UpdateDetector).toBeUndefined();
    const json = await gdeks(server, ['enable', '--features', EXAMPLE, '--check', '-o', 'json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).results[0].changes).toEqual([{ target: 'Status', from: 'SUSPENDED', to: 'ENABLED' }]);
  });

  it('enable without --resume never succeeds: nothing else to write → exit 1 naming --resume, no write', async () => {
    const server = await suspended();
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: null, error: { code: 'DetectorSuspended' } });
    expect(r.stderr).toMatch(/error: us-east-1: detector \w+ is suspended: it monitors nothing.*--resume/);
    expect(server.stats.byOperation.UpdateDetector).toBeUndefined();
    expect(detector(server)?.status).toBe('DISABLED');
  });

  it('enable without --resume applies the features, then exits 1 naming --resume; --resume re-enables it', async () => {
    const server = await suspended();
    const r = await gdeks(server, ['enable', '--features', auditOff]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    expect(r.stdout).toMatch(/✗ updated, then failed/);
    expect(r.stderr).toMatch(/is suspended.*run again with --resume/);
    expect(detector(server)?.features.get('EKS_AUDIT_LOGS')?.status).toBe('DISABLED');
    expect(detector(server)?.status).toBe('DISABLED');

    const resumed = await gdeks(server, ['enable', '--features', EXAMPLE, '--resume', '-o', 'json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).results[0]).toMatchObject({ action: 'updated', changes: expect.arrayContaining([{ target: 'Status', from: 'SUSPENDED', to: 'ENABLED' }]) });
    expect(detector(server)?.status).toBe('ENABLED');
    expect((await gdeks(server, ['enable', '--features', EXAMPLE, '--check'])).code).toBe(0);
  });

  it('export-frequency --check exits 3 even at the same frequency; setting it still exits 1', async () => {
    const server = await suspended();
    const check = await gdeks(server, ['export-frequency', '6h', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    const set = await gdeks(server, ['export-frequency', '15m']);
    expect(set.code).toBe(1);
    expect(detector(server)?.frequency).toBe('FIFTEEN_MINUTES');
    expect(set.stderr).toMatch(/is suspended.*gdeks enable --features <file> --resume/);
  });

  it('export-destination --check exits 3 even when the destination matches; a run exits 1', async () => {
    const server = await suspended();
    const args = ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY];
    const created = await gdeks(server, args);
    expect(created.code).toBe(1);
    expect(created.stderr).toMatch(/is suspended/);
    const check = await gdeks(server, [...args, '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    expect(check.stdout).not.toMatch(/✓ unchanged/);
  });

  it('enable --organization --check exits 3 while the administrator\'s own detector is suspended', async () => {
    const server = await suspended();
    configureOrganization(server.state, { role: 'delegated-admin', members: 3 });
    const applied = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '-o', 'json']);
    expect(applied.code).toBe(1);
    expect(JSON.parse(applied.stdout).results[0]).toMatchObject({ action: 'updated', error: { code: 'DetectorSuspended' } });
    const check = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    expect(check.stdout).not.toMatch(/✓ unchanged/);
  });

  it('findings list says on stderr that no new findings are being generated', async () => {
    const server = await suspended();
    const r = await gdeks(server, ['findings', 'list', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: us-east-1: Detector \w+ is suspended: it monitors nothing and generates no new findings/);
  });

  it('findings list --fail-on with no match is not green over a suspended detector: exit 1 naming the region; a match still exits 3', async () => {
    const server = await suspended();
    const none = await gdeks(server, ['findings', 'list', '--fail-on', 'low', '--cluster', 'no-such-cluster', '-o', 'json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toMatch(/error: us-east-1: --fail-on cannot pass: Detector \w+ is suspended/);
    const some = await gdeks(server, ['findings', 'list', '--fail-on', 'low', '-o', 'json']);
    expect(some.code).toBe(3);
    expect(some.stderr).toMatch(/--fail-on low: \d+ findings? at low or above/);
  });
});
