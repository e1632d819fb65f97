// `findings watch` memory over time, against the project's GuardDuty test server (a separate process) whose
// 20,000 EKS findings keep occurring again (`--recur`, 300 per second, in turn: count + 1, updatedAt now), so each
// poll lists those updated since the last and every finding comes round again about once a minute. gdeks watches
// with `--interval 1s --overlap 1s -o ndjson` until it has printed 10,000 finding states, then again (a fresh
// server) until 100,000; the peak RSS (VmHWM, read from /proc just before the Ctrl-C) of the two runs should be
// about the same: the watch remembers only the findings updated within the overlap behind the newest one it has
// seen, not every finding it printed. Every printed line is also checked: each finding state (Id, UpdatedAt,
// Count) printed once, exit 130.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startTestServer } from '../test-server.mjs';
import { BIN, benchEnv } from './lib.mjs';

export const title = 'findings watch';

const POOL = 20_000;
const RECUR_PER_S = 300;
const SMALL = 10_000;
const LARGE = 100_000;

export async function run(report) {
  if (!existsSync('/proc/self/status')) {
    report('peak RSS', 'skipped', 'needs /proc (Linux) to read the peak RSS of a running process');
    return;
  }
  const small = await watchUntil(SMALL);
  report(`watch until ${SMALL.toLocaleString('en-US')} states printed`, `${mb(small.peakKb)} MB peak`, detail(small));
  const large = await watchUntil(LARGE);
  report(`watch until ${LARGE.toLocaleString('en-US')} states printed`, `${mb(large.peakKb)} MB peak`, detail(large));
  report(
    `peak RSS, ${LARGE / SMALL}× the findings`,
    `${(large.peakKb / small.peakKb).toFixed(2)}×`,
    `flat = 1×; RSS at each 10% of the large run: ${large.checkpoints.map((kb) => mb(kb)).join(', ')} MB`,
  );
}

const mb = (kb) => (kb / 1024).toFixed(0);
const detail = (r) => `${(r.ms / 1000).toFixed(1)} s, ${r.ids.toLocaleString('en-US')} findings, ${r.states.toLocaleString('en-US')} states, ${r.duplicates} printed twice`;

function memoryKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

async function watchUntil(target) {
  const server = await startTestServer(['--findings', String(POOL), '--other-findings', '0', '--seed', '42', '--recur', String(RECUR_PER_S)]);
  try {
    const env = benchEnv({ AWS_REGION: 'us-east-1' });
    const args = [BIN, 'findings', 'watch', '--interval', '1s', '--overlap', '1s', '-o', 'ndjson', '--endpoint-url', server.url];
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const states = new Set();
    const ids = new Set();
    let lines = 0;
    let duplicates = 0;
    let rest = '';
    let stderr = '';
    let peakKb = 0;
    const checkpoints = [];
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const done = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      child.on('close', () => reject(new Error(`gdeks findings watch exited early: ${stderr.slice(0, 500)}`)));
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          if (line === '' || lines >= target) continue;
          const f = JSON.parse(line);
          const state = `${f.Id}@${f.UpdatedAt}#${f.Service?.Count}`;
          if (states.has(state)) duplicates++;
          states.add(state);
          ids.add(f.Id);
          lines++;
          if (lines % (target / 10) === 0) checkpoints.push(memoryKb(child.pid).rss);
        }
        if (lines >= target) resolve();
      });
    });
    const ms = performance.now() - started;
    peakKb = memoryKb(child.pid).peak;
    child.kill('SIGINT');
    const code = await done;
    if (code !== 130) throw new Error(`gdeks findings watch exited ${code} on SIGINT, not 130: ${stderr.slice(0, 500)}`);
    if (duplicates > 0) throw new Error(`${duplicates} finding states were printed twice`);
    return { ms, peakKb, checkpoints, ids: ids.size, states: states.size, duplicates };
  } finally {
    await server.stop();
  }
}
