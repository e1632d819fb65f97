// What a person at a terminal sees: the built binary on a pseudo-terminal of a given width, against the
// project's GuardDuty test server. Colour and terminal-width behaviour can only be seen this way; pipes are
// covered by the other end-to-end tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runInTerminal, terminalUnavailable } from '../helpers/terminal.js';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { configureOrganization } from '../server/org.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import type { Json } from '../server/validate.js';
import { allFindings, ids } from './findings-helpers.js';

const unavailable = terminalUnavailable();
if (unavailable) console.warn(`skipping terminal tests: ${unavailable}`);
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (line: string) => Array.from(line.replace(ANSI, '')).length;

describe.skipIf(unavailable !== undefined)('gdeks on a terminal (built binary, pseudo-terminal)', () => {
  let server: RunningServer;
  let activeIds: string[] = [];
  const gdeks = (args: string[], columns: number, env: Record<string, string> = {}) =>
    runInTerminal(['findings', 'list', ...args, '--endpoint-url', server.url], { columns, env: { AWS_REGION: 'us-east-1', NO_COLOR: '', ...env } });

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 11, findings: 60 });
    const all = await allFindings(server, 'us-east-1');
    activeIds = ids(all.filter((f) => f.Resource?.ResourceType === 'EKSCluster' && !f.Service?.Archived));
  });
  afterAll(async () => server?.close());

  it('fits the table to an 80-column terminal, keeps every finding id whole, and colours it', async () => {
    const r = await gdeks([], 80);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(ANSI);
    const lines = r.screen.trimEnd().split('\n');
    expect(lines[0]?.replace(ANSI, '')).toMatch(/^SEVERITY +TYPE +CLUSTER +SEEN +FINDING ID$/);
    for (const line of lines) expect(visible(line)).toBeLessThanOrEqual(80);
    for (const id of activeIds) expect(r.screen).toContain(id);
    // The per-severity summary goes to stderr, shown only on a terminal.
    expect(lines.at(-1)?.replace(ANSI, '')).toMatch(new RegExp(`^${activeIds.length} findings: \\d+ `));
  });

  it('uses a wide terminal for every column', async () => {
    const r = await gdeks([], 160);
    const header = r.screen.split('\n')[0]?.replace(ANSI, '') ?? '';
    expect(header).toMatch(/^SEVERITY +TYPE +CLUSTER +WORKLOAD\/USER +COUNT +SEEN +FINDING ID$/);
    for (const line of r.screen.trimEnd().split('\n')) expect(visible(line)).toBeLessThanOrEqual(160);
  });

  it('writes no colour with NO_COLOR or --no-color, even on a terminal', async () => {
    for (const r of [await gdeks([], 120, { NO_COLOR: '1' }), await gdeks(['--no-color'], 120)]) {
      expect(r.code).toBe(0);
      expect(r.screen).not.toMatch(/\u001b\[/);
      for (const id of activeIds) expect(r.screen).toContain(id);
    }
  });
});

describe.skipIf(unavailable !== undefined)('status --organization on a terminal (built binary, pseudo-terminal)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // 600 members at 150 ms a request: 12 pages of ListMembers, well over the second before progress shows.
    server = await startGuardDutyServer({ seed: 3, latencyMs: 150 });
    configureOrganization(server.state, { role: 'delegated-admin', members: 600 });
  });
  afterAll(async () => server?.close());
  const gdeks = (args: string[]) => runInTerminal(['status', '--organization', ...args, '--endpoint-url', server.url], { columns: 160, env: { AWS_REGION: 'us-east-1' } });

  it('shows how far a long read has got on stderr, then clears it; never with -o json', async () => {
    const table = await gdeks([]);
    expect(table.code).toBe(0);
    expect(table.screen).toMatch(/members [\d,]+ listed, [\d,]+ detectors read, coverage [\d,]+ clusters…/);
    expect(table.screen).toMatch(/600 members \(\d+ enabled\)/);
    const json = await gdeks(['-o', 'json']);
    expect(json.code).toBe(0);
    expect(json.screen).not.toMatch(/listed|detectors read/);
    // The screen is stdout and stderr (the notes) together: the JSON document comes first, whole.
    expect(json.screen.trimStart()).toMatch(/^\{\s*"regions"/);
  });
});

describe.skipIf(unavailable !== undefined)('findings list progress on a terminal (built binary, pseudo-terminal)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // 400 findings at 150 ms a request: 8 pages of ListFindings and their GetFindings, well over a second.
    server = await startGuardDutyServer({ seed: 5, findings: 400, latencyMs: 150 });
  });
  afterAll(async () => server?.close());
  const gdeks = (args: string[], options: { stdoutToPipe?: boolean } = {}) =>
    runInTerminal(['findings', 'list', ...args, '--endpoint-url', server.url], { columns: 160, env: { AWS_REGION: 'us-east-1' }, ...options });

  it('shows how many findings it has fetched on stderr, and clears it before the table', { timeout: 90_000 }, async () => {
    const r = await gdeks([]);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/fetched [\d,]+ findings…/);
    // The last clear of the line comes before the table: the table starts on a clean line with its header.
    const afterProgress = r.screen.slice(r.screen.lastIndexOf('\x1b[2K') + '\x1b[2K'.length);
    expect(afterProgress.replace(ANSI, '')).toMatch(/^SEVERITY +TYPE +CLUSTER/);
    expect(afterProgress).not.toMatch(/fetched/);
  });

  it('-o csv on a terminal shows it too, above the rows as they stream', { timeout: 90_000 }, async () => {
    const r = await gdeks(['-o', 'csv']);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/fetched [\d,]+ findings…/);
    expect(r.screen).toMatch(/^region,severity,score,type/m);
  });

  it('never with -o json', { timeout: 90_000 }, async () => {
    const json = await gdeks(['-o', 'json']);
    expect(json.code).toBe(0);
    expect(json.screen).not.toMatch(/fetched/);
  });

  it('never with -o csv, markdown or ndjson into a pipe, even with stderr on a terminal', { timeout: 120_000 }, async () => {
    for (const format of ['csv', 'markdown', 'ndjson']) {
      const piped = await gdeks(['-o', format], { stdoutToPipe: true });
      expect(piped.code).toBe(0);
      expect(piped.stdout?.length).toBeGreaterThan(1000);
      expect(piped.stdout).not.toMatch(/fetched|\x1b/);
      expect(piped.screen).not.toMatch(/fetched/);
    }
  });

  it('the table into a file still shows it on the terminal, and the file gets none of it', { timeout: 90_000 }, async () => {
    const table = await gdeks([], { stdoutToPipe: true });
    expect(table.code).toBe(0);
    expect(table.screen).toMatch(/fetched [\d,]+ findings…/);
    expect(table.stdout).toMatch(/^SEVERITY +TYPE/);
    expect(table.stdout).not.toMatch(/fetched|\x1b/);
  });
});

describe.skipIf(unavailable !== undefined)('gdeks usage on a terminal (built binary, pseudo-terminal)', () => {
  // A long cluster name and one paying without full coverage: the table is over 100 columns wide in a pipe.
  const clusters: EksClusterSpec[] = [
    { name: 'payments-production-eu-central-cluster', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
    { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
  ];
  const features: Json[] = [
    { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
    { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
  ];
  let gd: RunningServer;
  let eks: RunningEksServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    [gd, eks] = await Promise.all([startGuardDutyServer({ clusters, detector: { features, ageDays: 200 } }), startEksServer({ clusters })]);
    env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url, AWS_REGION: 'us-east-1' };
  });
  afterAll(async () => Promise.all([gd?.close(), eks?.close()]));
  const args = ['usage', '--regions', 'us-east-1,eu-west-1'];
  const plainScreen = (columns: number) => runInTerminal(args, { columns, env: { ...env, NO_COLOR: '1' } });

  it('fits an 80-column terminal, every cost whole, where a pipe gets rows over 100 wide', async () => {
    const piped = await runBin(args, { env });
    expect(piped.code).toBe(0);
    expect(Math.max(...piped.stdout.split('\n').map(visible))).toBeGreaterThan(100);
    const r = await plainScreen(80);
    expect(r.code).toBe(0);
    const lines = r.screen.trimEnd().split('\n');
    for (const line of lines) expect(visible(line)).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => /^ {2}CLUSTER /.test(l))).toEqual([expect.stringMatching(/^ {2}CLUSTER +VERDICT +AUDIT LOGS +RUNTIME +EKS TOTAL$/), expect.stringMatching(/^ {2}CLUSTER +VERDICT/)]);
    // Every amount of the pipe's report is on the screen, whole.
    const amounts = piped.stdout.match(/\b\d+\.\d{2}\b/g) ?? [];
    expect(amounts.length).toBeGreaterThan(10);
    for (const amount of amounts) expect(r.screen).toMatch(new RegExp(`(^|[ ≈])${amount.replace('.', '\\.')}( |$)`, 'm'));
    expect(r.screen).toMatch(/^ {2}payments-produc… +degraded +[\d.]+ +[\d.]+ +[\d.]+ +← paying for 2/m);
  });

  it('prints on a wide terminal exactly what a pipe gets', async () => {
    const piped = await runBin(args, { env });
    const r = await plainScreen(200);
    expect(r.code).toBe(0);
    expect(r.screen).toBe(piped.stdout + piped.stderr);
  });
});
