// Hardening, "Interruption": SIGINT (Ctrl-C) and SIGTERM (CI cancelling a job, `timeout`, a container
// stopping) reach the built binary in the middle of a long `findings list`. What it printed must stay
// well-formed: NDJSON complete lines only, JSON a closed, parseable array (or nothing); exit 130 for SIGINT,
// 143 for SIGTERM (128 + the signal number, as a shell reports it); and it must stop promptly.
//
// The server holds 20,000 EKS findings per region and answers after 20 ms (+ up to 10 ms), so a whole listing
// takes ~10 s here; each signal goes out as soon as the first bytes (or the first finding) arrive.
import type { Finding } from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { ids } from './findings-helpers.js';
import { STACK_FRAME, runAndSignal, startServers, type Interrupted } from './fault-helpers.js';

const FINDINGS = 20_000;
const CODE: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
/** Generous: "it stopped", not a performance figure (the machine is shared). Typically < 100 ms. */
const PROMPT_MS = 10_000;

function ndjsonLines(stdout: string): Finding[] {
  // Every line ends with "\n": a last piece without one would be a finding cut in half.
  expect(stdout === '' || stdout.endsWith('\n')).toBe(true);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Finding);
}

function jsonArray(stdout: string): Finding[] {
  if (stdout === '') return [];
  expect(stdout.endsWith(']\n')).toBe(true);
  const parsed = JSON.parse(stdout) as unknown;
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as Finding[];
}

function expectCleanStop(r: Interrupted, signal: 'SIGINT' | 'SIGTERM'): void {
  expect(r.signal).toBeNull(); // it exited on its own, it was not killed by the signal
  expect(r.code).toBe(CODE[signal]);
  expect(r.exitMs).toBeLessThan(PROMPT_MS);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toMatch(/internal error|error:|Warning/);
}

function expectPartial(findings: readonly Finding[], regions = 1): void {
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.length).toBeLessThan(FINDINGS * regions);
  expect(new Set(ids(findings)).size).toBe(findings.length);
  for (const f of findings) expect(f.Id).toMatch(/^[0-9a-f]{32}$/);
}

describe('a signal during a long `findings list` (20,000 findings, ~10 s to list)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const list = (format: 'json' | 'ndjson', extra: string[] = []) => ['findings', 'list', '-o', format, ...extra];
  const firstFinding = (s: string) => s.includes('"Id"');

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 31, findings: FINDINGS, latencyMs: 20, jitterMs: 10 });
    env = { AWS_ENDPOINT_URL_GUARDDUTY: server.url, AWS_REGION: 'us-east-1' };
  });
  afterAll(async () => server?.close());

  it.each(['SIGINT', 'SIGTERM'] as const)('-o ndjson, %s at the first bytes: complete lines only, exit 130 / 143', async (signal) => {
    const r = await runAndSignal(list('ndjson'), env, signal);
    expectCleanStop(r, signal);
    expectPartial(ndjsonLines(r.stdout));
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('-o json, %s at the first byte ("["): a closed array, exit 130 / 143', async (signal) => {
    const r = await runAndSignal(list('json'), env, signal);
    expectCleanStop(r, signal);
    expect(jsonArray(r.stdout)).toBeInstanceOf(Array);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('-o json, %s after the first finding: a closed array of whole findings, exit 130 / 143', async (signal) => {
    const r = await runAndSignal(list('json'), env, signal, { ready: firstFinding });
    expectCleanStop(r, signal);
    expectPartial(jsonArray(r.stdout));
  });

  it.each([0, 20, 150])(
    '-o json, a second Ctrl-C %i ms after the first while the reader lags: still a closed array, exit 130',
    async (againAfterMs) => {
      // The reader pauses 600 ms (the first signal goes at 300 ms), so output is queued behind a full pipe when
      // the second arrives, whether gdeks is still unwinding or already done: it must flush that queue (waiting
      // up to 1 s) rather than exit, or be killed, with half an array written.
      const r = await runAndSignal(list('json'), env, 'SIGINT', { ready: firstFinding, pauseMs: 600, againAfterMs });
      expectCleanStop(r, 'SIGINT');
      expectPartial(jsonArray(r.stdout));
    },
  );

  it.each([
    ['ndjson', 'SIGTERM'],
    ['json', 'SIGINT'],
  ] as const)('-o %s to a slow reader (stdout not read for 2 s around the %s): still well-formed', async (format, signal) => {
    const r = await runAndSignal(list(format), env, signal, { ready: firstFinding, pauseMs: 2_000 });
    expectCleanStop(r, signal);
    expectPartial(format === 'json' ? jsonArray(r.stdout) : ndjsonLines(r.stdout));
  });

  it('--regions us-east-1,eu-west-1 -o ndjson, SIGTERM while both regions are fetched: whole lines, regions in the order given, exit 143', async () => {
    const r = await runAndSignal(list('ndjson', ['--regions', 'us-east-1,eu-west-1']), env, 'SIGTERM', { ready: firstFinding });
    expectCleanStop(r, 'SIGTERM');
    const lines = ndjsonLines(r.stdout);
    expectPartial(lines, 2);
    // Regions are written one after another (README, findings order): no eu-west-1 line before a us-east-1 one.
    const regions = lines.map((f) => f.Region);
    expect(regions[0]).toBe('us-east-1');
    expect(regions.slice(regions.indexOf('eu-west-1') === -1 ? regions.length : regions.indexOf('eu-west-1')).every((x) => x === 'eu-west-1')).toBe(true);
  });
});

describe('a signal while gdeks waits', () => {
  it('SIGINT during retry backoff (every request throttled, default 8 attempts): exit 130 at once, "[]" closed', async () => {
    const server = await startGuardDutyServer({ seed: 3, throttleRate: 1 });
    try {
      const env = { AWS_ENDPOINT_URL_GUARDDUTY: server.url, AWS_REGION: 'us-east-1' };
      // 700 ms in, the first attempts have been throttled and the SDK sleeps before the next one.
      const r = await runAndSignal(['findings', 'list', '-o', 'json'], env, 'SIGINT', { delayMs: 700 });
      expect(server.stats.throttled).toBeGreaterThan(0);
      expectCleanStop(r, 'SIGINT');
      expect(r.stdout).toBe('[]\n');
      expect(r.stderr).not.toMatch(/throttled/);
    } finally {
      await server.close();
    }
  });

  it('SIGTERM during a slow status -o json: exit 143, stdout empty or one parseable document', async () => {
    const servers = await startServers({ seed: 5, latencyMs: 400, eksFaults: { latencyMs: 400 } });
    try {
      const env = { ...servers.env, AWS_REGION: 'us-east-1' };
      // status prints nothing until every region is read: the signal goes 1.5 s in, while requests are in flight.
      const r = await runAndSignal(['status', '-o', 'json'], env, 'SIGTERM', { atMs: 1_500 });
      expect(r.code).toBe(143);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      if (r.stdout !== '') expect(() => JSON.parse(r.stdout)).not.toThrow();
    } finally {
      await servers.close();
    }
  });
});
