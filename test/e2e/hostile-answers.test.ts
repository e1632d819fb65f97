// A hostile or broken endpoint (a proxy that rewrites answers, an emulator with bugs) behind the real binary:
// the test servers' mangle hook replaces answers. Malformed answers are errors naming the operation, never
// "nothing there"; a listing whose tokens never end stops with an error instead of paging for ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, type BinResult } from '../helpers/bin.js';
import { configureOrganization } from '../server/org.js';
import type { DetectorSeed, Mangle, MangleCall } from '../server/server.js';
import { STACK_FRAME, startServers, type Servers } from './fault-helpers.js';

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** Generous: "it stopped by itself" (the loops below ran until killed before the fix). */
const STOPS_WITHIN_MS = 30_000;

const RUNTIME_ON: DetectorSeed = {
  features: [
    { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
    { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
  ],
};

const COMMANDS = {
  findings: ['findings', 'list', '--fail-on', 'low'],
  findingsLimit: ['findings', 'list', '--limit', '5'],
  status: ['status'],
  org: ['status', '--organization'],
  enableOrg: ['enable', '--features', EXAMPLE, '--organization'],
  destination: ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--check'],
  enable: ['enable', '--features', EXAMPLE],
  usage: ['usage'],
  suppressList: ['suppress', 'list'],
  suppressAdd: ['suppress', 'add', 'quiet-scanner', '--namespace', 'security-tests', '--dry-run'],
} as const;

let servers: Servers;
beforeAll(async () => {
  servers = await startServers({ seed: 11, detector: RUNTIME_ON });
  configureOrganization(servers.gd.state, { role: 'delegated-admin', members: [{ accountId: '200000000001' }, { accountId: '200000000002' }] });
  // One destination to describe.
  const made = await gdeks(['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY]);
  expect(made.code).toBe(0);
});
afterAll(async () => servers?.close());

function gdeks(args: readonly string[]): Promise<BinResult> {
  return runBin([...args, '--region', 'us-east-1'], { env: servers.env, timeoutMs: STOPS_WITHIN_MS });
}

/** Runs `args` with `operation`'s answers (GuardDuty's or EKS's) replaced by `answer`. */
async function withMangled(service: 'gd' | 'eks', operation: string, answer: (c: MangleCall) => unknown, args: readonly string[]) {
  const hook: Mangle = (c) => (c.operation === operation ? answer(c) : undefined);
  servers[service].setMangle(hook);
  const before = servers[service].stats.byOperation[operation] ?? 0;
  try {
    const r = await gdeks(args);
    return { ...r, calls: (servers[service].stats.byOperation[operation] ?? 0) - before };
  } finally {
    servers[service].setMangle(undefined);
  }
}

function expectNamedFailure(r: BinResult, operation: string): void {
  expect(r.signal).toBeNull(); // it ended by itself, not killed at the timeout
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(operation);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('malformed answers are errors naming the operation, never an empty result', () => {
  it.each([
    ['[1,2,3]', [1, 2, 3]],
    ['{}', {}],
  ])('findings list --fail-on low, GetFindings answering %s: exit 1 naming GetFindings, not "No EKS findings match"', async (_, body) => {
    const r = await withMangled('gd', 'GetFindings', () => body, COMMANDS.findings);
    expectNamedFailure(r, 'GetFindings');
    expect(r.stderr).toMatch(/malformed/);
    expect(r.stderr).not.toMatch(/No EKS findings match/);
  });

  it('findings list --fail-on low, ListFindings answering findingIds: "notalist": exit 1 naming ListFindings', async () => {
    const r = await withMangled('gd', 'ListFindings', () => ({ findingIds: 'notalist' }), COMMANDS.findings);
    expectNamedFailure(r, 'ListFindings');
    expect(r.stderr).not.toMatch(/No EKS findings match/);
  });

  it.each([
    ['gd', 'ListDetectors', { detectorIds: 'notalist' }, COMMANDS.status],
    ['gd', 'ListDetectors', { detectorIds: [1, 2] }, COMMANDS.findings],
    ['gd', 'GetDetector', [], COMMANDS.status],
    ['gd', 'GetDetector', { status: 'ENABLED', features: 'all of them' }, COMMANDS.enable],
    ['gd', 'ListCoverage', { resources: 'none' }, COMMANDS.status],
    ['gd', 'GetAdministratorAccount', { administrator: 'nobody' }, COMMANDS.enable],
    ['gd', 'ListMembers', { members: [{ accountId: 5 }] }, COMMANDS.org],
    ['gd', 'GetMemberDetectors', {}, COMMANDS.org],
    ['gd', 'DescribeOrganizationConfiguration', {}, COMMANDS.enableOrg],
    ['gd', 'ListPublishingDestinations', {}, COMMANDS.destination],
    ['gd', 'DescribePublishingDestination', { destinationId: 'd' }, COMMANDS.destination],
    ['eks', 'ListClusters', { clusters: 'notalist' }, COMMANDS.status],
    ['eks', 'DescribeCluster', { cluster: 'x' }, COMMANDS.status],
    ['eks', 'DescribeAddon', { addon: 5 }, COMMANDS.status],
    ['gd', 'GetUsageStatistics', { usageStatistics: { sumByFeature: 'all' } }, COMMANDS.usage],
    ['gd', 'GetRemainingFreeTrialDays', { accounts: 'none' }, COMMANDS.usage],
    ['gd', 'ListFilters', { filterNames: 'notalist' }, COMMANDS.suppressList],
    ['gd', 'GetFindingsStatistics', { findingStatistics: { groupedBySeverity: 'many' } }, COMMANDS.suppressAdd],
  ] as const)('%s %s answering %j: `gdeks %s` exits 1 naming the operation', async (service, operation, body, args) => {
    const r = await withMangled(service, operation, () => body, args);
    expectNamedFailure(r, operation);
    expect(r.stderr).toMatch(/malformed/);
  });

  it.each([
    ['non-numeric', (f: Record<string, unknown>) => ({ ...f, severity: 'high' })],
    ['missing', ({ severity: _, ...f }: Record<string, unknown>) => f],
  ])('a finding whose severity is %s counts as the most severe for --fail-on and sorts first', async (_, change) => {
    const args = ['findings', 'list', '--fail-on', 'critical', '--limit', '50'];
    // Every other finding is low, so only the mangled one (listed last) can trip --fail-on or sort first.
    const r = await withMangled('gd', 'GetFindings', (c) => {
      const out = c.output() as { findings: Array<Record<string, unknown>> };
      const [first, ...rest] = out.findings;
      return { findings: [...rest.map((f) => ({ ...f, severity: 2 })), change(first as Record<string, unknown>)] };
    }, args);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/1 finding/);
    const rows = r.stdout.split('\n').filter((l) => /^(LOW|MEDIUM|HIGH|CRITICAL)\b/.test(l));
    expect(rows[0]).toMatch(/^CRITICAL/);
  });
});

/** The first page's first three ids, again and again, each time under a new token. */
function sameIdsForEver(): (c: MangleCall) => unknown {
  let ids: string[] | undefined;
  return (c) => {
    ids ??= (c.output() as { findingIds: string[] }).findingIds.slice(0, 3);
    return { findingIds: ids, nextToken: `t${c.seq}` };
  };
}

describe('pagination cannot loop', () => {
  const again = 'the-same-token';
  it.each([
    ['ListFindings', 'the same token', COMMANDS.findingsLimit, () => ({ findingIds: [], nextToken: again })],
    ['ListFindings', 'new tokens, empty pages', COMMANDS.findingsLimit, (c: MangleCall) => ({ findingIds: [], nextToken: `t${c.seq}` })],
    ['ListFindings', 'new tokens, the same ids', COMMANDS.findings, sameIdsForEver()],
    ['ListDetectors', 'the same token', COMMANDS.status, () => ({ detectorIds: [], nextToken: again })],
    ['ListCoverage', 'the same token', COMMANDS.status, () => ({ resources: [], nextToken: again })],
    ['ListMembers', 'new tokens, empty pages', COMMANDS.org, (c: MangleCall) => ({ members: [], nextToken: `t${c.seq}` })],
    ['DescribeOrganizationConfiguration', 'the same token', COMMANDS.enableOrg, () => ({ memberAccountLimitReached: false, features: [], nextToken: again })],
    ['ListPublishingDestinations', 'the same token', COMMANDS.destination, () => ({ destinations: [], nextToken: again })],
    ['GetUsageStatistics', 'the same token', COMMANDS.usage, () => ({ usageStatistics: {}, nextToken: again })],
    ['ListFilters', 'the same token', COMMANDS.suppressList, () => ({ filterNames: [], nextToken: again })],
  ] as const)('%s answering %s: exit 1 naming it, within a bounded number of calls', async (operation, _, args, answer) => {
    const r = await withMangled('gd', operation, answer, args);
    expectNamedFailure(r, operation);
    expect(r.stderr).toMatch(/never end/);
    expect(r.calls).toBeLessThanOrEqual(110);
  });

  it('EKS ListClusters answering the same token: status exits 1 naming it', async () => {
    const r = await withMangled('eks', 'ListClusters', () => ({ clusters: [], nextToken: again }), COMMANDS.status);
    expectNamedFailure(r, 'ListClusters');
    expect(r.calls).toBeLessThanOrEqual(3);
  });
});
