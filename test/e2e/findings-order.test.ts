// The one order of `gdeks findings list` (most severe, then newest, then by id), in every output format, with
// and without --limit, and over several regions: the built binary against the project's GuardDuty test server,
// which, like GuardDuty, sorts on the one attribute asked for and leaves ties in no particular order.
import type { Finding } from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings, ids, parseNdjson } from './findings-helpers.js';

describe('gdeks findings list order (built binary, test server)', () => {
  let server: RunningServer;
  const truth = new Map<string, Finding[]>();
  const active = (region = 'us-east-1') => (truth.get(region) ?? []).filter((f) => f.Resource?.ResourceType === 'EKSCluster' && !f.Service?.Archived);
  const gdeks = (args: string[], env: Record<string, string> = {}) =>
    runBin(['findings', 'list', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: 'us-east-1', ...env } });
  const json = async (args: string[]) => {
    const r = await gdeks([...args, '-o', 'json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Finding[];
  };

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 11, findings: 180 });
    for (const region of ['us-east-1', 'eu-west-1']) truth.set(region, await allFindings(server, region));
  });
  afterAll(async () => server?.close());

  /** The documented order, computed here independently of gdeks: most severe, then newest, then by id. */
  const bySeverityThenNewest = (list: readonly Finding[]) =>
    [...list].sort(
      (a, b) =>
        (b.Severity ?? 0) - (a.Severity ?? 0) ||
        Date.parse(b.UpdatedAt ?? '') - Date.parse(a.UpdatedAt ?? '') ||
        ((a.Id ?? '') < (b.Id ?? '') ? -1 : 1),
    );
  /** The table's FINDING ID column, in row order. */
  const tableIds = (stdout: string) => stdout.trimEnd().split('\n').slice(1).map((l) => l.trim().split(/ +/).at(-1) ?? '');

  it('json, ndjson and table all list most severe first, then newest, then by id (the help\'s order), with or without --limit', async () => {
    const want = ids(bySeverityThenNewest(active()));
    // The server, like GuardDuty, sorts on severity only: within a severity, its order is not by time.
    const severities = new Set(active().map((f) => f.Severity));
    expect(severities.size).toBeLessThan(active().length / 3);
    expect(ids(await json([]))).toEqual(want);
    expect(ids(parseNdjson((await gdeks(['-o', 'ndjson'])).stdout))).toEqual(want);
    expect(tableIds((await gdeks([], { COLUMNS: '200' })).stdout)).toEqual(want);
    for (const n of [1, 40]) {
      expect(ids(await json(['--limit', String(n)]))).toEqual(want.slice(0, n));
      expect(ids(parseNdjson((await gdeks(['--limit', String(n), '-o', 'ndjson'])).stdout))).toEqual(want.slice(0, n));
      expect(tableIds((await gdeks(['--limit', String(n)], { COLUMNS: '200' })).stdout)).toEqual(want.slice(0, n));
    }
  }, 120_000);

  it('--sort updated: newest first, then most severe, then by id; --limit takes the head of that', async () => {
    const want = ids(
      [...active()].sort(
        (a, b) => Date.parse(b.UpdatedAt ?? '') - Date.parse(a.UpdatedAt ?? '') || (b.Severity ?? 0) - (a.Severity ?? 0) || ((a.Id ?? '') < (b.Id ?? '') ? -1 : 1),
      ),
    );
    expect(ids(await json(['--sort', 'updated']))).toEqual(want);
    expect(ids(parseNdjson((await gdeks(['--sort', 'updated', '--limit', '9', '-o', 'ndjson'])).stdout))).toEqual(want.slice(0, 9));
  });

  it('several regions: one region after another in the order given, each in the documented order, --limit per region', async () => {
    const both = ['eu-west-1', 'us-east-1'];
    const want = both.flatMap((r) => ids(bySeverityThenNewest(active(r))));
    expect(ids(await json(['--regions', both.join(',')]))).toEqual(want);
    expect(ids(parseNdjson((await gdeks(['--regions', both.join(','), '-o', 'ndjson'])).stdout))).toEqual(want);
    const limited = both.flatMap((r) => ids(bySeverityThenNewest(active(r)).slice(0, 5)));
    expect(ids(parseNdjson((await gdeks(['--regions', both.join(','), '-o', 'ndjson', '--limit', '5'])).stdout))).toEqual(limited);
  }, 60_000);
});
