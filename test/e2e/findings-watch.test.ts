// `gdeks findings watch` as a user runs it: the built binary follows the project's test server (in-process) while
// the test adds findings and makes existing ones occur again, and checks that each new finding and each change is
// printed exactly once, that --for, --fail-on, Ctrl-C and SIGTERM end it with the right exit code and well-formed
// output, that throttling is waited out, and that a region that cannot be watched is reported and left.
import { UpdateDetectorCommand, type Finding } from '@aws-sdk/client-guardduty';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, binEnv, runBin, type BinResult } from '../helpers/bin.js';
import { runInTerminal, terminalUnavailable } from '../helpers/terminal.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { detectorOf, parseNdjson, sdk } from './findings-helpers.js';

/** Generous bounds ("it happened"), never timings: the machine is shared. */
const WAIT_MS = 30_000;

interface Watch {
  readonly stdout: string;
  readonly stderr: string;
  /** Waits until `cond` holds (checked every 50 ms), failing with what was awaited and the output so far. */
  until(cond: () => boolean, what: string): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  exited: Promise<BinResult>;
}

const running: Array<ReturnType<typeof spawn>> = [];

function startWatch(args: string[], env: Record<string, string>): Watch {
  const child = spawn(process.execPath, [BIN, 'findings', 'watch', ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exited = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  let over = false;
  void exited.then(() => (over = true));
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    async until(cond, what) {
      const started = Date.now();
      while (!cond()) {
        if (over) throw new Error(`gdeks exited while waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        if (Date.now() - started > WAIT_MS) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    signal: (sig) => void child.kill(sig),
    exited,
  };
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Successful ListFindings answers per region, from the server's request log: each is one poll (or a page of one). */
class PollCounter {
  private readonly counts = new Map<string, number>();
  readonly log = (line: string) => {
    const m = /^(\S+) ListFindings 200 /.exec(line);
    if (m?.[1]) this.counts.set(m[1], (this.counts.get(m[1]) ?? 0) + 1);
  };
  of(region = 'us-east-1'): number {
    return this.counts.get(region) ?? 0;
  }
}

const lines = (stdout: string) => parseNdjson(stdout);
const idsOf = (findings: readonly Finding[]) => findings.map((f) => f.Id);

describe('findings watch (built binary, test server)', () => {
  let server: RunningServer;
  let polls: PollCounter;
  let env: Record<string, string>;

  beforeEach(async () => {
    polls = new PollCounter();
    // 40 seeded findings, all updated months before the watch starts: none of them is printed.
    server = await startGuardDutyServer({ seed: 11, findings: 40, baseTime: '2026-06-01T00:00:00Z', log: polls.log });
    env = { AWS_ENDPOINT_URL_GUARDDUTY: server.url, AWS_REGION: 'us-east-1' };
  });
  afterEach(async () => server?.close());

  /** Waits until `region` has answered `n` more polls than now: whatever was there has been seen. */
  const polled = async (w: Watch, n = 2, region = 'us-east-1') => {
    const target = polls.of(region) + n;
    await w.until(() => polls.of(region) >= target, `${n} more polls of ${region}`);
  };

  it('-o ndjson: each added finding is printed once; a finding that occurs again is printed once more, with its new count', async () => {
    const w = startWatch(['--interval', '1s', '-o', 'ndjson'], env);
    await polled(w, 1);
    const first = server.addFindings('us-east-1', ['Execution:Kubernetes/ExecInKubeSystemPod', 'Discovery:Kubernetes/SuccessfulAnonymousAccess', 'Policy:Kubernetes/ExposedDashboard']);
    await w.until(() => lines(w.stdout).length >= 3, 'the first 3 findings');
    await polled(w);
    const second = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell', 'Impact:Kubernetes/MaliciousIPCaller']);
    await w.until(() => lines(w.stdout).length >= 5, 'the next 2 findings');
    await polled(w);
    expect(lines(w.stdout)).toHaveLength(5);

    const recurring = first[1] as string;
    server.recurFindings('us-east-1', [recurring]);
    await w.until(() => lines(w.stdout).length >= 6, 'the update');
    await polled(w, 3);
    w.signal('SIGINT');
    const r = await w.exited;
    expect(r.code).toBe(130);

    const printed = lines(r.stdout);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(idsOf(printed).sort()).toEqual([...first, ...second, recurring].sort());
    const ofRecurring = printed.filter((f) => f.Id === recurring);
    expect(ofRecurring.map((f) => f.Service?.Count)).toEqual([1, 2]);
    expect(Date.parse(ofRecurring[1]?.UpdatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(ofRecurring[0]?.UpdatedAt ?? ''));
    // The same state never twice.
    const states = printed.map((f) => `${f.Id}@${f.UpdatedAt}#${f.Service?.Count}`);
    expect(new Set(states).size).toBe(states.length);
    expect(r.stderr).not.toMatch(/error|internal/i);
  });

  it('-o ndjson --since: first the findings updated in that window, then the new ones; older ones never', async () => {
    const early = server.addFindings('us-east-1', ['Execution:Runtime/NewBinaryExecuted']);
    const w = startWatch(['--interval', '1s', '--since', '10m', '-o', 'ndjson'], env);
    await w.until(() => lines(w.stdout).length >= 1, 'the finding from before the start');
    const later = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell']);
    await w.until(() => lines(w.stdout).length >= 2, 'the new finding');
    await polled(w);
    w.signal('SIGTERM');
    const r = await w.exited;
    expect(r.code).toBe(143);
    expect(idsOf(lines(r.stdout))).toEqual([...early, ...later]);
  });

  it('-o table in a pipe: the header once, then one plain row per state (new / updated), with the region for several regions', async () => {
    const w = startWatch(['--interval', '1s', '--for', '6s', '--regions', 'us-east-1,eu-west-1', '-o', 'table'], { ...env, NO_COLOR: '' });
    await polled(w, 1, 'us-east-1');
    await polled(w, 1, 'eu-west-1');
    const [east] = server.addFindings('us-east-1', ['Execution:Kubernetes/ExecInKubeSystemPod']);
    const [west] = server.addFindings('eu-west-1', ['Policy:Kubernetes/ExposedDashboard']);
    await w.until(() => w.stdout.includes(east as string) && w.stdout.includes(west as string), 'both rows');
    server.recurFindings('us-east-1', [east as string]);
    const r = await w.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^STATE\s+REGION\s+SEVERITY\s+TYPE\s+CLUSTER\s+WORKLOAD\/USER\s+COUNT\s+UPDATED\s+FINDING ID$/);
    expect(rows.filter((l) => l.startsWith('STATE'))).toHaveLength(1);
    const body = rows.slice(1);
    expect(body).toHaveLength(3);
    const row = (state: string, region: string, type: string, count: number, id: string) =>
      new RegExp(`^${state}\\s+${region}\\s+(LOW|MEDIUM|HIGH|CRITICAL)\\s+${type}\\s.*\\s${count}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+${id}$`);
    expect(body.filter((l) => row('new', 'us-east-1', 'Execution:Kubernetes/ExecInKubeSystemPod', 1, east as string).test(l))).toHaveLength(1);
    expect(body.filter((l) => row('new', 'eu-west-1', 'Policy:Kubernetes/ExposedDashboard', 1, west as string).test(l))).toHaveLength(1);
    expect(body.filter((l) => row('updated', 'us-east-1', 'Execution:Kubernetes/ExecInKubeSystemPod', 2, east as string).test(l))).toHaveLength(1);
  });

  it('--for 3s with nothing new: exit 0, -o json an empty array', async () => {
    const r = await runBin(['findings', 'watch', '--interval', '1s', '--for', '3s', '-o', 'json'], { env, timeoutMs: WAIT_MS });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(polls.of()).toBeGreaterThanOrEqual(1);
  });

  it('--fail-on high: stops at the first high finding, after printing it, with exit 3', async () => {
    const w = startWatch(['--interval', '1s', '--fail-on', 'high', '-o', 'ndjson'], env);
    await polled(w, 1);
    const [low] = server.addFindings('us-east-1', ['Discovery:Kubernetes/SuccessfulAnonymousAccess'], { severity: 2 });
    await w.until(() => lines(w.stdout).length >= 1, 'the low finding');
    // Two high ones at once: the watch stops at the first of them.
    const highs = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell', 'Impact:Kubernetes/MaliciousIPCaller'], { severity: 8 });
    const r = await w.exited;
    expect(r.code).toBe(3);
    const printed = lines(r.stdout);
    expect(idsOf(printed)).toEqual([low, highs[0]]);
    expect(r.stderr).toMatch(new RegExp(`--fail-on high: Execution:Runtime/ReverseShell \\(severity 8\\) in us-east-1, finding ${highs[0]}`));
  });

  it('a suspended detector: --fail-on cannot pass (exit 1, said); without --fail-on the watch only notes it', async () => {
    const client = sdk(server, 'us-east-1');
    await client.send(new UpdateDetectorCommand({ DetectorId: await detectorOf(server, 'us-east-1'), Enable: false }));
    const gate = await runBin(['findings', 'watch', '--interval', '1s', '--for', '2s', '--fail-on', 'high'], { env, timeoutMs: WAIT_MS });
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/us-east-1: --fail-on cannot pass: the detector is suspended/);
    const plain = await runBin(['findings', 'watch', '--interval', '1s', '--for', '2s'], { env, timeoutMs: WAIT_MS });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/us-east-1: Detector \w+ is suspended: it monitors nothing/);
  });

  it('throttling past the SDK\'s retries is waited out, said on stderr with the region; the watch goes on', async () => {
    server.setFaults({ throttleRate: 1 });
    const w = startWatch(['--interval', '1s', '--max-attempts', '1', '-o', 'ndjson'], env);
    await w.until(() => /us-east-1: .*throttled.*; trying again in \d+s/.test(w.stderr), 'the throttling note');
    server.setFaults({ throttleRate: 0 });
    const added = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell']);
    await w.until(() => lines(w.stdout).length >= 1, 'the finding after the throttling');
    await polled(w);
    w.signal('SIGINT');
    const r = await w.exited;
    expect(r.code).toBe(130);
    expect(idsOf(lines(r.stdout))).toEqual(added);
    expect(server.stats.throttled).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/us-east-1: answering again/);
    expect(r.stderr).not.toMatch(/error:/);
  });

  it('SIGINT with -o json: exit 130 and a closed, valid array of what was printed', async () => {
    const w = startWatch(['--interval', '1s', '-o', 'json'], env);
    await polled(w, 1);
    const added = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell', 'Policy:Kubernetes/ExposedDashboard']);
    await w.until(() => added.every((id) => w.stdout.includes(id)), 'both findings');
    w.signal('SIGINT');
    const r = await w.exited;
    expect(r.code).toBe(130);
    expect(r.signal).toBeNull();
    expect(r.stdout.endsWith(']\n')).toBe(true);
    expect(idsOf(JSON.parse(r.stdout) as Finding[]).sort()).toEqual([...added].sort());
  });

  it('SIGINT while waiting between polls, nothing printed: exit 130 and "[]"', async () => {
    const w = startWatch(['--interval', '1m', '-o', 'json'], env);
    await polled(w, 1);
    w.signal('SIGINT');
    const r = await w.exited;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('[]\n');
  });

  it('a region without a detector is reported once and left; the others are watched; exit 1 at the end', async () => {
    server.state.region('eu-west-1').deleteDetector();
    const w = startWatch(['--interval', '1s', '--for', '5s', '--regions', 'us-east-1,eu-west-1', '-o', 'ndjson'], env);
    await w.until(() => /eu-west-1: no GuardDuty detector/.test(w.stderr), 'the eu-west-1 error');
    await polled(w, 1);
    const added = server.addFindings('us-east-1', ['Execution:Runtime/ReverseShell']);
    const r = await w.exited;
    expect(r.code).toBe(1);
    expect(idsOf(lines(r.stdout))).toEqual(added);
    expect(r.stderr.match(/no GuardDuty detector/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/no longer watching eu-west-1/);
  });

  it('every region failing ends the watch at once with exit 1', async () => {
    server.state.region('us-east-1').deleteDetector();
    const r = await runBin(['findings', 'watch', '--interval', '1s', '-o', 'json'], { env, timeoutMs: WAIT_MS });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/error: us-east-1: no GuardDuty detector/);
  });

  it.each([
    [['--interval', '0s'], /--interval: "0s" is shorter than 1s/],
    [['--interval=-5s'], /--interval: "-5s" is not a duration/],
    [['--interval', 'fast'], /--interval: "fast" is not a duration/],
    [['--interval', '30'], /--interval: "30" has no unit/],
    [['--for', '0s'], /--for: "0s" is shorter than 1s/],
    [['--limit', '5'], /--limit is a findings list option/],
    [['--sort', 'updated'], /--sort is a findings list option/],
    [['--severity', 'urgent'], /--severity/],
    [['-o', 'csv'], /findings watch cannot print csv; use table, json or ndjson/],
  ])('%j: exit 2 and no request reaches the server', async (args, message) => {
    const r = await runBin(['findings', 'watch', ...args], { env, timeoutMs: WAIT_MS });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(server.stats.requests).toBe(0);
  });
});

const noTerminal = terminalUnavailable();
if (noTerminal) console.warn(`skipping the findings watch terminal test: ${noTerminal}`);

describe.skipIf(noTerminal !== undefined)('findings watch on a terminal (built binary, pseudo-terminal)', () => {
  it('the header once, coloured rows that fit the terminal, what is watched and the tally on stderr', async () => {
    const server = await startGuardDutyServer({ seed: 12, findings: 20, baseTime: '2026-06-01T00:00:00Z' });
    try {
      const added = server.addFindings('us-east-1', ['PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer', 'Execution:Runtime/ReverseShell'], { severity: 8 });
      const r = await runInTerminal(['findings', 'watch', '--since', '10m', '--interval', '1s', '--for', '3s', '--endpoint-url', server.url], {
        columns: 120,
        env: { AWS_REGION: 'us-east-1', NO_COLOR: '' },
      });
      expect(r.code).toBe(0);
      expect(r.screen).toMatch(/Watching us-east-1 for EKS findings updated since \S+Z, every 1s for 3s \(Ctrl-C to stop\)/);
      expect(r.screen).toMatch(/\x1b\[/);
      const plain = r.screen.replace(/\x1b\[[0-9;]*m/g, '');
      expect(plain.match(/^STATE\s+SEVERITY\s+TYPE/gm)).toHaveLength(1);
      const rows = plain.split('\n').filter((l) => /^new\s+HIGH\s/.test(l));
      expect(rows).toHaveLength(2);
      for (const id of added) expect(rows.some((l) => l.endsWith(id))).toBe(true);
      for (const l of plain.split('\n')) expect(Array.from(l).length).toBeLessThanOrEqual(120);
      expect(plain).toMatch(/^2 new, 0 updated$/m);
    } finally {
      await server.close();
    }
  });
});
