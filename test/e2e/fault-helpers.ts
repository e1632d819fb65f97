// Shared by the faults, interruption and secrets end-to-end tests: the GuardDuty and EKS test servers as one
// pair, the built binary run with a stopwatch, and the small one-off endpoints (a port nothing listens on, a
// listener that never completes a connection, a server that refuses everything and echoes the request back).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BIN, binEnv, runBin, type BinResult } from '../helpers/bin.js';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type Faults, type RunningServer, type ServerOptions } from '../server/server.js';

export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
export const EXAMPLE_CONFIG = new URL('../../examples/config.json', import.meta.url).pathname;

/** A stack frame as Node prints it ("    at fn (file:1:2)"): never shown to a user without --debug. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Clusters of every verdict, so `status` exercises every EKS call (DescribeCluster, node groups, Fargate...). */
export const CLUSTERS: EksClusterSpec[] = [
  { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
  { name: 'payments', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
  { name: 'staging', tags: { GuardDutyManaged: 'false' }, coverage: { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', managementType: 'DISABLED', coveredNodes: 0, compatibleNodes: 3 } },
  { name: 'serverless', coverage: false, addon: false, fargateProfiles: ['fp-default'] },
];

export interface Servers {
  gd: RunningServer;
  eks: RunningEksServer;
  /** Routes the binary's GuardDuty and EKS calls to the two servers. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A GuardDuty server and an EKS server over the same clusters, seed and (GuardDuty-side) faults. */
export async function startServers(options: ServerOptions & { eksFaults?: Partial<Pick<Faults, 'latencyMs' | 'jitterMs' | 'throttleRate' | 'errorRate'>> } = {}): Promise<Servers> {
  const { eksFaults, ...gdOptions } = options;
  const clusters = (gdOptions.clusters as EksClusterSpec[] | undefined) ?? CLUSTERS;
  const [gd, eks] = await Promise.all([
    startGuardDutyServer({ baseTime: '2026-06-01T00:00:00Z', ...gdOptions, clusters }),
    startEksServer({ clusters, seed: gdOptions.seed, ...eksFaults }),
  ]);
  return {
    gd,
    eks,
    env: { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url },
    close: async () => {
      await Promise.all([gd.close(), eks.close()]);
    },
  };
}

export interface TimedResult extends BinResult {
  ms: number;
}

/** runBin with a stopwatch around it. */
export async function timedRun(args: string[], options: Parameters<typeof runBin>[1] = {}): Promise<TimedResult> {
  const started = performance.now();
  const r = await runBin(args, options);
  return { ...r, ms: Math.round(performance.now() - started) };
}

/** A copy of `value` without the named keys, at any depth (fields that legitimately differ between two runs). */
export function without(value: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, keys));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)).map(([k, v]) => [k, without(v, keys)]));
  }
  return value;
}


export interface Stalled {
  url: string;
  stop(): Promise<void>;
}

/**
 * A loopback listener whose accept queue is full (backlog 0, filled by the helper itself, never accepted):
 * the kernel drops further SYNs, so a client's connect() neither succeeds nor fails until its own timeout.
 * Node accepts every connection on its own, so this is a few lines of Python; undefined without python3.
 */
export async function startStalledListener(): Promise<Stalled | undefined> {
  if (spawnSync('python3', ['--version']).error) return undefined;
  const script = [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'port = s.getsockname()[1]; fill = []',
    'for _ in range(8):',
    '    c = socket.socket(); c.setblocking(False)',
    '    try: c.connect(("127.0.0.1", port))',
    '    except BlockingIOError: pass',
    '    fill.append(c)',
    'print(port, flush=True)',
    'time.sleep(120)',
  ].join('\n');
  const child: ChildProcess = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the stalled listener exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Echo {
  url: string;
  requests: number;
  stop(): Promise<void>;
}

/**
 * An endpoint that answers every request with `status` and `errorType`, and echoes the request back to the
 * client the way a careless proxy or service might: the Authorization and X-Amz-Security-Token headers in the
 * message, the request headers as JSON, and the Authorization header again as the request id. With
 * `bareToken` (the default) the message also carries the session token on its own, with nothing around it
 * to recognise it by.
 */
export async function startEchoServer(status: number, errorType: string, options: { bareToken?: boolean } = {}): Promise<Echo> {
  const echo = { requests: 0 } as Echo;
  const server: Server = createServer((req: IncomingMessage, res) => {
    echo.requests++;
    req.resume();
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const token = String(req.headers['x-amz-security-token'] ?? '');
      const message =
        `${errorType}: request refused. Authorization: ${auth}; X-Amz-Security-Token: ${token}; ` +
        `${options.bareToken === false ? '' : `token ${token}; `}headers ${JSON.stringify(req.headers)}`;
      const body = JSON.stringify({ message, Message: message, __type: errorType });
      res
        .writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'x-amzn-ErrorType': errorType,
          'x-amzn-RequestId': auth || 'no-authorization-header',
        })
        .end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  echo.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  echo.stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return echo;
}

export interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal to the process's exit. */
  exitMs: number;
}

/**
 * Spawns the binary and sends `signal` once `ready(stdoutSoFar)` holds (by default: the first bytes arrived),
 * `delayMs` later. `pauseMs` stops reading stdout for that long around the signal, as a slow consumer of a
 * pipe would (the signal goes halfway through the pause). `atMs` sends it that long after the start instead,
 * output or not.
 */
export function runAndSignal(
  args: string[],
  env: Record<string, string>,
  signal: NodeJS.Signals,
  options: {
    ready?: (stdout: string) => boolean;
    delayMs?: number;
    pauseMs?: number;
    timeoutMs?: number;
    atMs?: number;
    times?: number;
    againAfterMs?: number;
    /** Send the signal (delayMs later) once this holds, polled: a state of the test server rather than of stdout. */
    when?: () => boolean;
  } = {},
): Promise<Interrupted> {
  const ready = options.ready ?? ((s: string) => s.length > 0);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const send = () => {
      sentAt = performance.now();
      // times: 2 is an impatient user's double Ctrl-C, both signals sent before gdeks can react to the first.
      for (let i = 0; i < (options.times ?? 1); i++) child.kill(signal);
      // againAfterMs: the same signal once more, after gdeks has begun to stop (a second Ctrl-C a moment later).
      if (options.againAfterMs !== undefined) setTimeout(() => child.kill(signal), options.againAfterMs);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (sentAt === 0 && !options.when && ready(stdout)) {
        sentAt = -1;
        if (options.pauseMs) {
          child.stdout.pause();
          setTimeout(send, options.pauseMs / 2);
          setTimeout(() => child.stdout.resume(), options.pauseMs);
        } else if (options.delayMs) {
          setTimeout(send, options.delayMs);
        } else {
          send();
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (options.atMs !== undefined) {
      sentAt = -1;
      setTimeout(send, options.atMs);
    }
    const when = options.when;
    const poll = when
      ? setInterval(() => {
          if (sentAt !== 0 || !when()) return;
          sentAt = -1;
          clearInterval(poll);
          setTimeout(send, options.delayMs ?? 0);
        }, 20)
      : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, signal: sig, stdout, stderr, exitMs: sentAt > 0 ? Math.round(performance.now() - sentAt) : Number.NaN });
    });
  });
}
