// Shared helpers for `npm run bench`: timing whole commands the way a user experiences them (process spawn
// included), on a shared noisy machine: so every figure is a median of several runs, and comparisons are
// ratios measured in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/gdeks.js');
const HOME = mkdtempSync(join(tmpdir(), 'gdeks-bench-home-'));

export function benchEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME,
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Runs a command once; returns wall milliseconds, exit status, output sizes and (if GNU time exists) peak RSS. */
export function runOnce(cmd, args, { env = benchEnv(), input } = {}) {
  const useTime = existsSync('/usr/bin/time');
  const argv = useTime ? ['-f', '__CPU_S=%U+%S __MAXRSS_KB=%M', cmd, ...args] : args;
  const started = process.hrtime.bigint();
  const r = spawnSync(useTime ? '/usr/bin/time' : cmd, argv, { env, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let stderr = r.stderr ?? '';
  let rssKb;
  let cpuMs;
  const m = /__CPU_S=([\d.]+)\+([\d.]+) __MAXRSS_KB=(\d+)\s*$/.exec(stderr);
  if (m) {
    // user + system CPU seconds of the command: a figure the other processes on a shared machine barely move.
    cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
    rssKb = Number(m[3]);
    stderr = stderr.slice(0, m.index);
  }
  return { ms, status: r.status, stdout: r.stdout ?? '', stderr, rssKb, cpuMs };
}

/** Median of `runs` timed runs after one warm-up (the first run pays for cold disk caches). */
export function timeCommand(cmd, args, { runs = 7, env, input, check } = {}) {
  runOnce(cmd, args, { env, input });
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = runOnce(cmd, args, { env, input });
    if (check) check(last);
    samples.push(last.ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1), last };
}

/**
 * Times several commands in rotation (a, b, c, a, b, c, ...) so that load from other processes on this
 * shared machine falls on all of them alike; returns the median per command, in the order given.
 */
export function timeInterleaved(specs, { runs = 15 } = {}) {
  for (const s of specs) runOnce(s.cmd, s.args, s);
  const samples = specs.map(() => []);
  for (let i = 0; i < runs; i++) {
    specs.forEach((s, j) => {
      const r = runOnce(s.cmd, s.args, s);
      if (s.check) s.check(r);
      samples[j].push(r.ms);
    });
  }
  return samples.map((xs) => {
    xs.sort((a, b) => a - b);
    return { median: xs[Math.floor(xs.length / 2)], min: xs[0], max: xs.at(-1) };
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts moto on a free port; resolves to { url, stop } or undefined when python3/moto is missing. */
export async function startMoto() {
  if (spawnSync('python3', ['-c', 'import moto.server']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`${url}/moto-api/`);
      return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('moto did not start');
}

export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export const fmt = (ms) => `${ms.toFixed(0)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
