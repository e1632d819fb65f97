// Hardening, "Interruption": SIGINT (Ctrl-C) and SIGTERM (CI cancelling a job, `timeout`, a container
// stopping) reach the built binary in the middle of a long `findings list`. What it printed must stay
// well-formed: NDJSON complete lines only, JSON a closed, parseable array (or nothing); exit 130 for SIGINT,
// 143 for SIGTERM (128 + the signal number, as a shell reports it); and it must stop promptly.
//
// The server holds 20,000 EKS findings per region and answers after 20 ms (+ up to 10 ms), so a whole listing
// takes ~10 s here; each signal goes out as soon as the first bytes (or the first finding) arrive.
import type { Finding } from '@aws-sdk/client-guardduty';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { BIN, binEnv } from '../helpers/bin.js';
import { ids } from './findings-helpers.js';
import { EXAMPLE_CONFIG, STACK_FRAME, isReading, runAndSignal, startServers, type Interrupted } from './fault-helpers.js';

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

// Before, these waited out the input: `sleep 20 | gdeks enable --features -` ignored Ctrl-C until stdin ended; a
// named pipe nobody writes to (features file or AWS_CONFIG_FILE) could not be interrupted at all, not even by a
// second signal (the open() blocked a libuv thread that exit then waited for); a hung credential_process kept
// gdeks running for as long as it ran. The first signal must end the run.
describe('a signal while gdeks waits for its input or its credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdeks-wait-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
  const hasMkfifo = !spawnSync('mkfifo', ['--version']).error;
  let fifos = 0;
  const fifo = () => {
    const path = join(dir, `fifo-${++fifos}`);
    spawnSync('mkfifo', [path]);
    return path;
  };

  it.each([
    ['enable', '--features', '-'],
    ['validate', '-'],
    ['findings', 'archive', '-'],
    ['findings', 'show', '-'],
  ])('%s ... - with stdin a pipe nobody writes to: SIGINT ends it (130), SIGTERM too (143)', async (...args) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const r = await runAndSignal(args, env, signal, { stdin: 'pipe', when: (pid, ms) => isReading(pid, 0, ms) });
      expectCleanStop(r, signal);
      expect(r.stderr).not.toMatch(/empty/);
    }
  });

  it.skipIf(!hasMkfifo)('validate / enable --features with a named pipe nobody writes to: the first signal ends it', async () => {
    const [one, two] = [fifo(), fifo()];
    const validate = await runAndSignal(['validate', one], env, 'SIGINT', { when: (pid, ms) => isReading(pid, one, ms) });
    expectCleanStop(validate, 'SIGINT');
    const enable = await runAndSignal(['enable', '--features', two], env, 'SIGTERM', { when: (pid, ms) => isReading(pid, two, ms) });
    expectCleanStop(enable, 'SIGTERM');
  });

  it.skipIf(!hasMkfifo)('AWS_CONFIG_FILE a named pipe nobody writes to: the first SIGINT / SIGTERM ends status and enable', async () => {
    // The SDK reads the file for the region (none in the environment) and for a named profile.
    const [one, two] = [fifo(), fifo()];
    const status = await runAndSignal(['status'], { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL, AWS_CONFIG_FILE: one }, 'SIGINT', { when: (pid, ms) => isReading(pid, one, ms) });
    expectCleanStop(status, 'SIGINT');
    const enable = await runAndSignal(['enable', '--features', EXAMPLE_CONFIG, '--profile', 'ci'], { ...env, AWS_CONFIG_FILE: two }, 'SIGTERM', {
      when: (pid, ms) => isReading(pid, two, ms),
    });
    expectCleanStop(enable, 'SIGTERM');
  });

  it.skipIf(!hasMkfifo)('AWS_CONFIG_FILE a named pipe with a writer: read as a file (the profile\'s region is used)', async () => {
    const path = fifo();
    // The shell holds the pipe open for writing until gdeks has read it, as `AWS_CONFIG_FILE=<(...)` does.
    const run = spawnSync('sh', ['-c', `(printf '[profile piped]\\nregion = eu-west-3\\n' > "$FIFO") & exec "$NODE" "$BIN" status --profile piped --max-attempts 1`], {
      env: binEnv({ FIFO: path, NODE: process.execPath, BIN, AWS_CONFIG_FILE: path, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/eu-west-3/);
  });

  it('a credential_process that hangs: SIGTERM ends the run at once (143) and the process is stopped', async () => {
    const pidFile = join(dir, 'credential-process.pid');
    const script = join(dir, 'hang.cjs');
    // Run by /bin/sh -c, which may fork it: it records its own pid, so the test can see it stopped.
    writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 600000);\n`);
    const config = join(dir, 'config');
    writeFileSync(config, `[profile hang]\ncredential_process = ${process.execPath} ${script}\nregion = us-east-1\n`);
    const r = await runAndSignal(['status', '--profile', 'hang'], { AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, 'SIGTERM', {
      when: () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '',
    });
    expectCleanStop(r, 'SIGTERM');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  });
});
