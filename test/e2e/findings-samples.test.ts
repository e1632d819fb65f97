// Sample findings count toward --fail-on for 90 days: `findings list --exclude-samples` and
// `findings archive --samples [--dry-run]`, the built binary against the project's GuardDuty test server.
import type { Finding } from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings } from './findings-helpers.js';

const REGION = 'us-east-1';
const isSample = (f: Finding) => (f.Service?.AdditionalInfo?.Value ?? '').includes('"sample":true');

describe('sample findings: list --exclude-samples, archive --samples (built binary, test server)', () => {
  let server: RunningServer;
  const gdeks = (args: string[]) => runBin(['findings', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: REGION } });

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 11, findings: 0, otherFindings: 0 });
    const sample = await gdeks(['sample']);
    expect(sample.code).toBe(0);
  });
  afterAll(async () => server?.close());

  it('--exclude-samples leaves them out, so they no longer trip --fail-on', async () => {
    const all = await gdeks(['list', '-o', 'json', '--fail-on', 'low']);
    expect(all.code).toBe(3);
    expect((JSON.parse(all.stdout) as Finding[]).length).toBeGreaterThan(0);
    const real = await gdeks(['list', '-o', 'json', '--fail-on', 'low', '--exclude-samples']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual([]);
  });

  it('archive --samples --dry-run counts them and archives nothing; without --dry-run every sample is archived', async () => {
    const samples = (await allFindings(server, REGION)).filter((f) => isSample(f) && !f.Service?.Archived);
    expect(samples.length).toBeGreaterThan(0);
    const dry = await gdeks(['archive', '--samples', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`us-east-1: ${samples.length} sample findings would be archived; nothing was changed`);
    expect(server.stats.byOperation.ArchiveFindings ?? 0).toBe(0);

    const r = await gdeks(['archive', '--samples', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ results: [{ region: REGION, samples: samples.length, archived: samples.length, dryRun: false }] });
    expect((await allFindings(server, REGION)).filter((f) => isSample(f) && !f.Service?.Archived)).toEqual([]);
    expect((await gdeks(['list', '--fail-on', 'low'])).code).toBe(0);
  });

  it('ids and --samples together, or neither: a usage error, nothing sent', async () => {
    const before = server.stats.requests;
    expect((await gdeks(['archive'])).code).toBe(2);
    expect((await gdeks(['archive', 'abc', '--samples'])).code).toBe(2);
    expect((await gdeks(['archive', '--samples', '0123456789abcdef0123456789abcdef', '--dry-run'])).code).toBe(2);
    expect(server.stats.requests).toBe(before);
  });
});
