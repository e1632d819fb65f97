import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { motoUnavailable, startMoto, type Moto } from '../helpers/moto.js';

const skip = motoUnavailable();
if (skip) console.warn(`skipping moto end-to-end tests: ${skip}`);

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const SEED = new URL('../../examples/seed-config.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gdeks-e2e-'));
const auditOff = join(dir, 'audit-off.json');
writeFileSync(auditOff, JSON.stringify([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]));

describe.skipIf(skip)('enable and export-frequency against moto (the real binary)', () => {
  let moto: Moto;
  const gd = (region: string) =>
    new GuardDutyClient({ region, endpoint: moto.url, credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake' } });
  /** The region's detector as the API reports it, not as gdeks prints it. */
  async function readBack(region: string) {
    const ids = (await gd(region).send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    if (ids.length === 0) return undefined;
    const d = await gd(region).send(new GetDetectorCommand({ DetectorId: ids[0] }));
    const features = Object.fromEntries((d.Features ?? []).map((f) => [f.Name, f]));
    return { ids, frequency: d.FindingPublishingFrequency, features };
  }
  const gdeks = (args: string[]) => runBin([...args, '--endpoint-url', moto.url]);

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());

  it('creates a detector with the file\'s features', async () => {
    const r = await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-east-1', '-o', 'json']);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ region: 'us-east-1', action: 'created', dryRun: false });
    const state = await readBack('us-east-1');
    expect(state?.ids).toHaveLength(1);
    expect(state?.features.EKS_AUDIT_LOGS?.Status).toBe('ENABLED');
    expect(state?.features.EKS_RUNTIME_MONITORING?.Status).toBe('ENABLED');
    expect(state?.features.EKS_RUNTIME_MONITORING?.AdditionalConfiguration?.[0]).toMatchObject({ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' });
  });

  it('a re-run with the same file writes nothing', async () => {
    const r = await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-east-1', '--debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/unchanged/);
    expect(r.stderr).toMatch(/guardduty\.GetDetector us-east-1 200/);
    expect(r.stderr).not.toMatch(/UpdateDetector|CreateDetector/);
    expect(r.stderr).not.toMatch(/AKIDFAKEFORTESTS|fake-secret-for-tests|Signature=/);
    expect((await readBack('us-east-1'))?.ids).toHaveLength(1);
  });

  it('--dry-run and --check plan a change but make none', async () => {
    const dry = await gdeks(['enable', '--features', auditOff, '--region', 'us-east-1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/EKS_AUDIT_LOGS\s+ENABLED → DISABLED/);
    expect(dry.stdout).toMatch(/dry run: would be updated/);
    const check = await gdeks(['enable', '--features', auditOff, '--region', 'us-east-1', '--check']);
    expect(check.code).toBe(3);
    expect((await readBack('us-east-1'))?.features.EKS_AUDIT_LOGS?.Status).toBe('ENABLED');
  });

  it('updates what differs', async () => {
    const r = await gdeks(['enable', '--features', auditOff, '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: 'updated', changes: [{ target: 'EKS_AUDIT_LOGS', from: 'ENABLED', to: 'DISABLED' }] });
    expect((await readBack('us-east-1'))?.features.EKS_AUDIT_LOGS?.Status).toBe('DISABLED');
  });

  it('rejects the seed config (duplicate keys) and creates nothing', async () => {
    const r = await gdeks(['enable', '--features', SEED, '--region', 'eu-west-1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/seed-config\.json:\d+:\d+/);
    expect(await readBack('eu-west-1')).toBeUndefined();
  });

  it('fans out over several regions in one run', async () => {
    const r = await gdeks(['enable', '--features', EXAMPLE, '--regions', 'us-east-2,eu-central-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { region: string; action: string }) => `${x.region}:${x.action}`)).toEqual([
      'us-east-2:created',
      'eu-central-1:created',
    ]);
    expect((await readBack('us-east-2'))?.features.EKS_AUDIT_LOGS?.Status).toBe('ENABLED');
    expect((await readBack('eu-central-1'))?.features.EKS_AUDIT_LOGS?.Status).toBe('ENABLED');
  });

  it('export-frequency sets the frequency, then finds nothing to change', async () => {
    const first = await gdeks(['export-frequency', '15m', '--region', 'us-east-1', '-o', 'json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).results[0]).toMatchObject({ action: 'updated' });
    expect((await readBack('us-east-1'))?.frequency).toBe('FIFTEEN_MINUTES');
    const again = await gdeks(['export-frequency', 'FIFTEEN_MINUTES', '--region', 'us-east-1', '-o', 'json']);
    expect(JSON.parse(again.stdout).results[0]).toMatchObject({ action: 'unchanged', changes: [] });
  });

  it('a detector suspended with `update-detector --no-enable` is drift: --check exits 3, enable without --resume exits 1', async () => {
    expect((await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-west-2'])).code).toBe(0);
    const id = (await readBack('us-west-2'))?.ids[0];
    await gd('us-west-2').send(new UpdateDetectorCommand({ DetectorId: id, Enable: false }));

    const check = await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-west-2', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/Status\s+SUSPENDED → ENABLED/);
    expect(check.stdout).not.toMatch(/unchanged/);
    expect((await gdeks(['export-frequency', '6h', '--region', 'us-west-2', '--check'])).code).toBe(3);
    const apply = await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-west-2']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/suspended.*--resume/);
    expect((await gd('us-west-2').send(new GetDetectorCommand({ DetectorId: id }))).Status).toBe('DISABLED');

    expect((await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-west-2', '--resume'])).code).toBe(0);
    expect((await gd('us-west-2').send(new GetDetectorCommand({ DetectorId: id }))).Status).toBe('ENABLED');
    expect((await gdeks(['enable', '--features', EXAMPLE, '--region', 'us-west-2', '--check'])).code).toBe(0);
  });

  it('export-frequency in a region without a detector exits 1 and says to run enable first', async () => {
    const r = await gdeks(['export-frequency', '1h', '--region', 'ap-northeast-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no GuardDuty detector; run `gdeks enable/);
  });
});
