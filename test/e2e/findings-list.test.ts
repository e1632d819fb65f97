// `gdeks findings list` as a user runs it: the built binary against the project's GuardDuty test server.
// Expected results come from the same server read with the plain SDK and filtered in this file, not from
// gdeks' own criteria code.
import type { Finding } from '@aws-sdk/client-guardduty';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, binEnv, runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings, detectorOf, ids, normalizeTimestamps, parseNdjson, sorted } from './findings-helpers.js';

const execFileP = promisify(execFile);
const DAY = 86_400_000;

describe('gdeks findings list (built binary, test server)', () => {
  let server: RunningServer;
  const truth = new Map<string, Finding[]>();
  /** EKS findings that are not archived: what a plain `findings list` must print. */
  const active = (region = 'us-east-1') => (truth.get(region) ?? []).filter((f) => f.Resource?.ResourceType === 'EKSCluster' && !f.Service?.Archived);
  const gdeks = (args: string[], env: Record<string, string> = {}) =>
    runBin(['findings', 'list', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: 'us-east-1', ...env } });
  const json = async (args: string[]) => {
    const r = await gdeks([...args, '-o', 'json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Finding[];
  };

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 11, findings: 180 });
    for (const region of ['us-east-1', 'eu-west-1']) truth.set(region, await allFindings(server, region));
  });
  afterAll(async () => server?.close());

  it('-o json: a valid array of every active EKS finding, each once, most severe first', async () => {
    const out = await json([]);
    expect(active().length).toBeGreaterThan(100);
    expect(out).toHaveLength(active().length);
    expect(sorted(ids(out))).toEqual(sorted(ids(active())));
    expect(out.every((f) => f.Resource?.ResourceType === 'EKSCluster' && f.Service?.Archived === false)).toBe(true);
    const severities = out.map((f) => f.Severity ?? 0);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });

  it('-o ndjson: one line per finding, the same findings in the same order as -o json', async () => {
    const r = await gdeks(['-o', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const lines = parseNdjson(r.stdout);
    expect(lines).toHaveLength(active().length);
    expect(new Set(ids(lines)).size).toBe(lines.length);
    expect(ids(lines)).toEqual(ids(await json([])));
  });

  it('table: a header and one row per finding, no line over 120 columns', async () => {
    const r = await gdeks([]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY +TYPE +CLUSTER +WORKLOAD\/USER +COUNT +SEEN +FINDING ID$/);
    expect(lines).toHaveLength(active().length + 1);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(120);
    for (const id of ids(active())) expect(r.stdout).toContain(id);
  });

  it('table through a pipe with COLUMNS=80: fits 80 columns, every finding id whole', async () => {
    const r = await gdeks([], { COLUMNS: '80' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(active().length + 1);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    for (const id of ids(active())) expect(r.stdout).toContain(id);
  });

  it.each([
    ['low', 1],
    ['medium', 4],
    ['high', 7],
    ['critical', 9],
  ])('--severity %s: exactly the findings scoring %d or more', async (level, floor) => {
    const out = await json(['--severity', level]);
    expect(sorted(ids(out))).toEqual(sorted(ids(active().filter((f) => (f.Severity ?? 0) >= floor))));
  });

  it('--cluster (repeatable)', async () => {
    const out = await json(['--cluster', 'payments', '--cluster', 'staging']);
    const want = active().filter((f) => ['payments', 'staging'].includes(f.Resource?.EksClusterDetails?.Name ?? ''));
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(ids(out))).toEqual(sorted(ids(want)));
  });

  it('--namespace', async () => {
    const out = await json(['--namespace', 'kube-system']);
    const want = active().filter((f) => f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace === 'kube-system');
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(ids(out))).toEqual(sorted(ids(want)));
  });

  it('--type as a prefix and as an exact type', async () => {
    const prefix = await json(['--type', 'PrivilegeEscalation:Kubernetes']);
    const want = active().filter((f) => f.Type?.startsWith('PrivilegeEscalation:Kubernetes/'));
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(ids(prefix))).toEqual(sorted(ids(want)));
    const exact = await json(['--type', 'Execution:Runtime/ReverseShell']);
    expect(sorted(ids(exact))).toEqual(sorted(ids(active().filter((f) => f.Type === 'Execution:Runtime/ReverseShell'))));
  });

  it('--since as a duration and as an ISO date', async () => {
    const before = Date.now();
    const recent = await json(['--since', '7d']);
    const after = Date.now();
    const updated = (f: Finding) => Date.parse(f.UpdatedAt ?? '');
    // Whatever was updated within 7 days by both clocks must be there; nothing older than 7 days may be.
    const must = active().filter((f) => updated(f) >= after - 7 * DAY);
    expect(must.length).toBeGreaterThan(0);
    expect(ids(recent)).toEqual(expect.arrayContaining(ids(must)));
    expect(recent.every((f) => updated(f) >= before - 7 * DAY)).toBe(true);
    expect(recent.length).toBeLessThan(active().length);

    const day = new Date(before - 10 * DAY).toISOString().slice(0, 10);
    const sinceDay = await json(['--since', day]);
    expect(sorted(ids(sinceDay))).toEqual(sorted(ids(active().filter((f) => updated(f) >= Date.parse(`${day}T00:00:00Z`)))));
  });

  it('--sort updated --limit 7: the seven most recently updated', async () => {
    const out = await json(['--sort', 'updated', '--limit', '7']);
    const newest = [...active()].sort((a, b) => Date.parse(b.UpdatedAt ?? '') - Date.parse(a.UpdatedAt ?? ''));
    expect(ids(out)).toEqual(ids(newest.slice(0, 7)));
  });

  it('--limit on the table says that more findings match', async () => {
    const r = await gdeks(['--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(r.stderr).toMatch(/us-east-1: showing the first 3 \(--limit\); more findings match/);
  });

  it('--archived adds the archived findings', async () => {
    const out = await json(['--archived']);
    const eks = (truth.get('us-east-1') ?? []).filter((f) => f.Resource?.ResourceType === 'EKSCluster');
    expect(eks.some((f) => f.Service?.Archived)).toBe(true);
    expect(sorted(ids(out))).toEqual(sorted(ids(eks)));
  });

  it('--fail-on: exit 3 when a listed finding reaches the level (output still complete), else 0', async () => {
    const critical = await gdeks(['--fail-on', 'critical', '-o', 'ndjson']);
    expect(active().some((f) => (f.Severity ?? 0) >= 9)).toBe(true);
    expect(critical.code).toBe(3);
    expect(parseNdjson(critical.stdout)).toHaveLength(active().length);
    expect(critical.stderr).toMatch(/--fail-on critical: \d+ findings? at critical or above/);
    // The same threshold over a selection with nothing that severe passes.
    const policy = await gdeks(['--fail-on', 'critical', '--type', 'Policy:Kubernetes', '-o', 'ndjson']);
    expect(policy.code).toBe(0);
  });

  it('--regions: both regions in one well-formed array, each finding carrying its Region', async () => {
    const out = await json(['--regions', 'us-east-1,eu-west-1']);
    expect(out.filter((f) => f.Region === 'us-east-1')).toHaveLength(active('us-east-1').length);
    expect(sorted(ids(out.filter((f) => f.Region === 'eu-west-1')))).toEqual(sorted(ids(active('eu-west-1'))));
  });

  it('a failing region: the other region is printed whole, the error goes to stderr, exit 1', async () => {
    server.setFaults({ failRegions: ['eu-west-1'], failMode: 'error' });
    try {
      const r = await gdeks(['--regions', 'us-east-1,eu-west-1', '-o', 'json', '--max-attempts', '1']);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as Finding[];
      expect(sorted(ids(out))).toEqual(sorted(ids(active('us-east-1'))));
      expect(r.stderr).toMatch(/error: .*eu-west-1/);
    } finally {
      server.setFaults({ failRegions: [] });
    }
  });

  // The SDK backs off from throttling with full jitter on a 1 s base, so a run can take several seconds.
  it('with 30 % of requests throttled: the complete set, each finding once', { timeout: 90_000 }, async () => {
    server.setFaults({ throttleRate: 0.3 });
    const throttledBefore = server.stats.throttled;
    try {
      const r = await gdeks(['-o', 'ndjson']);
      expect(r.code).toBe(0);
      const out = parseNdjson(r.stdout);
      expect(out).toHaveLength(active().length);
      expect(sorted(ids(out))).toEqual(sorted(ids(active())));
      expect(server.stats.throttled - throttledBefore).toBeGreaterThan(0);
    } finally {
      server.setFaults({ throttleRate: 0 });
    }
  });

  it('Ctrl-C while listing: exit 130 and the JSON printed so far is a closed, valid array', async () => {
    server.setFaults({ latencyMs: 150 });
    try {
      const child = spawn(process.execPath, [BIN, 'findings', 'list', '-o', 'json', '--endpoint-url', server.url], {
        env: binEnv({ AWS_REGION: 'us-east-1' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let interrupted = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        // One Ctrl-C once the first findings are out, while later pages are still in flight.
        if (!interrupted && stdout.includes('"Id"')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(code).toBe(130);
      const out = JSON.parse(stdout) as Finding[];
      expect(out.length).toBeGreaterThan(0);
      expect(out.length).toBeLessThan(active().length);
      expect(new Set(ids(out)).size).toBe(out.length);
    } finally {
      server.setFaults({ latencyMs: 0 });
    }
  });

  it('bad flag values exit 2 before any request reaches the server', async () => {
    const before = server.stats.requests;
    const r = await gdeks(['--severity', 'urgent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--severity: "urgent" is not a severity; use one of low, medium, high, critical/);
    expect(server.stats.requests).toBe(before);
  });

  it('-o json matches `aws guardduty get-findings` for the same ids, field for field', async (ctx) => {
    const hasAws = await execFileP('aws', ['--version']).then(
      () => true,
      () => false,
    );
    if (!hasAws) {
      ctx.skip('the AWS CLI (`aws`) is not installed: skipping the comparison with aws guardduty get-findings');
      return;
    }
    const ours = await json(['--limit', '20', '--archived']);
    const detectorId = await detectorOf(server, 'us-east-1');
    const { stdout } = await execFileP(
      'aws',
      ['guardduty', 'get-findings', '--detector-id', detectorId, '--finding-ids', ...ids(ours), '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'],
      { env: binEnv(), maxBuffer: 64 << 20 },
    );
    const theirs = (JSON.parse(stdout) as { Findings: Finding[] }).Findings;
    const byId = new Map(theirs.map((f) => [f.Id, f]));
    expect(theirs).toHaveLength(ours.length);
    for (const f of ours) expect(normalizeTimestamps(f)).toEqual(normalizeTimestamps(byId.get(f.Id)));
  });
});
