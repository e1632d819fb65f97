// An interrupted write run says what it wrote. `--regions us-east-1,us-west-2,eu-west-1` with eu-west-1's write
// held by the server: the signal goes once the other two writes have been answered, while eu-west-1's is in
// flight. Every writing command then prints the two finished regions (table, JSON or NDJSON, well-formed) and
// marks eu-west-1 as interrupted, and exits 130 / 143 / 129.
import { afterEach, describe, expect, it } from 'vitest';
import { configureOrganization } from '../server/org.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { runBin } from '../helpers/bin.js';
import { STACK_FRAME, runAndSignal, type Interrupted } from './fault-helpers.js';

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const SLOW = 'eu-west-1';
const CODE = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
/** Generous: "it stopped", not a performance figure. */
const PROMPT_MS = 10_000;

const COMMANDS = {
  enable: { args: ['enable', '--features', EXAMPLE], write: 'UpdateDetector' },
  'enable --organization': { args: ['enable', '--features', EXAMPLE, '--organization'], write: 'UpdateOrganizationConfiguration' },
  'export-frequency': { args: ['export-frequency', '15m'], write: 'UpdateDetector' },
  'export-destination': { args: ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY], write: 'CreatePublishingDestination' },
} as const;
type Command = keyof typeof COMMANDS;

const open: RunningServer[] = [];
const releases: Array<() => void> = [];
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/**
 * A server whose `write` answers at once in every region but SLOW, where it waits until the test ends.
 * `ready()` holds once the other regions' writes have been answered and SLOW's has arrived.
 */
async function slowRegionServer(write: string): Promise<{ server: RunningServer; ready: () => boolean }> {
  const answered = new Set<string>();
  let slowArrived = false;
  const server = await startGuardDutyServer({
    seed: 21,
    mangle: async (c) => {
      if (c.operation !== write) return undefined;
      if (c.region === SLOW) {
        slowArrived = true;
        await new Promise<void>((resolve) => releases.push(resolve));
        return undefined;
      }
      const out = c.output();
      answered.add(c.region);
      return out;
    },
  });
  open.push(server);
  configureOrganization(server.state, { role: 'delegated-admin', members: 2 });
  return { server, ready: () => slowArrived && answered.size === REGIONS.length - 1 };
}

async function interruptWrite(command: Command, format: 'table' | 'json' | 'ndjson', signal: keyof typeof CODE, times = 1): Promise<Interrupted> {
  const { write, args } = COMMANDS[command];
  const { server, ready } = await slowRegionServer(write);
  // 300 ms after the last fast answer left the server, so that gdeks has it.
  return runAndSignal([...args, '--regions', REGIONS.join(','), '-o', format], { AWS_ENDPOINT_URL_GUARDDUTY: server.url }, signal, {
    when: ready,
    delayMs: 300,
    times,
  });
}

function expectStopped(r: Interrupted, signal: keyof typeof CODE): void {
  expect(r.signal).toBeNull();
  expect(r.code).toBe(CODE[signal]);
  expect(r.exitMs).toBeLessThan(PROMPT_MS);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).toMatch(/interrupted: eu-west-1 did not finish/);
}

interface Result {
  region: string;
  action: string | null;
  interrupted?: boolean;
  error?: { code: string };
}

function expectTwoWrittenOneInterrupted(results: Result[]): void {
  expect(results.map((r) => r.region)).toEqual(REGIONS);
  for (const r of results.slice(0, 2)) {
    expect(r.error).toBeUndefined();
    expect(r.action).not.toBeNull();
  }
  expect(results[2]).toMatchObject({ region: SLOW, action: null, interrupted: true, error: { code: 'Interrupted' } });
}

describe('a signal while one region of a write run is still in flight', () => {
  it.each(Object.keys(COMMANDS) as Command[])('%s -o json, SIGINT: the two written regions and eu-west-1 interrupted, exit 130', async (command) => {
    const r = await interruptWrite(command, 'json', 'SIGINT');
    expectStopped(r, 'SIGINT');
    expectTwoWrittenOneInterrupted((JSON.parse(r.stdout) as { results: Result[] }).results);
  });

  it('enable (table), SIGTERM: both written regions shown as updated, eu-west-1 as interrupted, exit 143', async () => {
    const r = await interruptWrite('enable', 'table', 'SIGTERM');
    expectStopped(r, 'SIGTERM');
    expect(r.stdout.match(/✓ updated/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/eu-west-1\n {2}✗ interrupted before it finished; it may or may not have been changed/);
  });

  it('enable -o ndjson, SIGHUP (the terminal closed): three whole lines, exit 129', async () => {
    const r = await interruptWrite('enable', 'ndjson', 'SIGHUP');
    expectStopped(r, 'SIGHUP');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expectTwoWrittenOneInterrupted(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Result));
  });

  it('enable -o json, a double Ctrl-C (exit at once): still the two written regions, exit 130', async () => {
    const r = await interruptWrite('enable', 'json', 'SIGINT', 2);
    expect(r.code).toBe(130);
    expectTwoWrittenOneInterrupted((JSON.parse(r.stdout) as { results: Result[] }).results);
  });

  it('findings archive -o json, SIGTERM while eu-west-1 is still looking the ids up: both archives reported, exit 143', async () => {
    const server = await startGuardDutyServer({ seed: 21 });
    open.push(server);
    const env = { AWS_ENDPOINT_URL_GUARDDUTY: server.url };
    const firstIdIn = async (region: string) => {
      const listed = await runBin(['findings', 'list', '--region', region, '--limit', '1', '-o', 'json'], { env });
      return (JSON.parse(listed.stdout) as Array<{ Id: string }>)[0]?.Id ?? '';
    };
    const ids = [await firstIdIn('us-east-1'), await firstIdIn('us-west-2')];
    const archivedIn = new Set<string>();
    let slowArrived = false;
    server.setMangle(async (c) => {
      if (c.region === SLOW && c.operation === 'GetFindings') {
        slowArrived = true;
        await new Promise<void>((resolve) => releases.push(resolve));
        return undefined;
      }
      if (c.operation !== 'ArchiveFindings') return undefined;
      const out = c.output();
      archivedIn.add(c.region);
      return out;
    });
    const r = await runAndSignal(['findings', 'archive', ...ids, '--regions', REGIONS.join(','), '-o', 'json'], env, 'SIGTERM', {
      when: () => slowArrived && archivedIn.size === 2,
      delayMs: 300,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/interrupted: eu-west-1 did not finish/);
    const body = JSON.parse(r.stdout) as { results: Array<Record<string, unknown>>; notFound: string[] };
    expect(body.results.map((x) => x.region)).toEqual(REGIONS);
    expect(body.results[0]?.archived).toEqual([ids[0]]);
    expect(body.results[1]?.archived).toEqual([ids[1]]);
    expect(body.results[2]).toMatchObject({ region: SLOW, interrupted: true, error: { code: 'Interrupted' } });
    expect(body.notFound).toEqual([]);
  });
});
