// Part 3 figures: `gdeks status` over 8 regions against 1 region with 50 ms latency on every request (the
// regions must run in parallel: target well under 2×), and one region with 500 clusters (every page read,
// per-cluster calls bounded at 10 in flight). GuardDuty and EKS come from the project's test servers, run in
// a child process (the timings spawn gdeks synchronously) and routed with AWS_ENDPOINT_URL_GUARDDUTY / _EKS.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { BIN, ROOT, benchEnv, fmt, ratio, runOnce, timeCommand } from './lib.mjs';

export const title = 'status';

const LATENCY_MS = 50;
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1'];
const MANY = 500;

// Both servers in one process: the GuardDuty test server (detector, ListCoverage) and the EKS one, serving
// the same clusters. Every 50th of the many clusters has no coverage and no add-on (so: not-protected).
const ENTRY = `
import { startGuardDutyServer } from './server.js';
import { startEksServer, manyClusters } from './eks.js';
import { DEFAULT_CLUSTERS } from './clusters.js';
const [n, latencyMs] = process.argv.slice(2).map(Number);
const clusters = n > 0 ? manyClusters(n).map((c, i) => (i % 50 === 49 ? { ...c, coverage: false, addon: false } : c)) : DEFAULT_CLUSTERS;
const detector = { features: [
  { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
  { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
] };
const [gd, eks] = await Promise.all([
  startGuardDutyServer({ clusters, detector, latencyMs, findings: 0, otherFindings: 0 }),
  startEksServer({ clusters, latencyMs }),
]);
process.stdout.write(JSON.stringify({ guardduty: gd.url, eks: eks.url }) + '\\n');
process.on('SIGTERM', () => process.exit(0));
`;

async function buildServers() {
  const outdir = join(ROOT, '.bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'status-servers.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: join(ROOT, 'test/server'), loader: 'ts', sourcefile: 'status-servers.ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

function startServers(file, clusters) {
  const child = spawn(process.execPath, [file, String(clusters), String(LATENCY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`test servers exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ ...JSON.parse(line), stop: () => child.kill('SIGTERM') }));
  });
}

function check(r, what) {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout).regions;
}

export async function run(report) {
  const node = process.execPath;
  const file = await buildServers();

  const small = await startServers(file, 0);
  try {
    const env = benchEnv({ AWS_ENDPOINT_URL_GUARDDUTY: small.guardduty, AWS_ENDPOINT_URL_EKS: small.eks });
    const one = timeCommand(node, [BIN, 'status', '--region', REGIONS[0], '-o', 'json'], {
      env,
      runs: 5,
      check: (r) => {
        if (check(r, 'status (1 region)')[0].clusters.length !== 4) throw new Error('expected 4 clusters');
      },
    });
    const eight = timeCommand(node, [BIN, 'status', '--regions', REGIONS.join(','), '-o', 'json'], {
      env,
      runs: 5,
      check: (r) => {
        const regions = check(r, 'status (8 regions)');
        if (regions.length !== 8 || regions.some((x) => x.clusters.length !== 4)) throw new Error('expected 8 regions of 4 clusters');
      },
    });
    report(`status, 1 region, 4 clusters, ${LATENCY_MS} ms/request`, fmt(one.median), `min ${fmt(one.min)}`);
    report(`status, 8 regions, 4 clusters each, ${LATENCY_MS} ms/request`, fmt(eight.median), `${ratio(eight.median, one.median)} one region (target well under 2×)`);
  } finally {
    small.stop();
  }

  const large = await startServers(file, MANY);
  try {
    const env = benchEnv({ AWS_ENDPOINT_URL_GUARDDUTY: large.guardduty, AWS_ENDPOINT_URL_EKS: large.eks });
    // One run with --debug counts the HTTP calls per operation (one stderr line each) and checks the result.
    const debug = runOnce(node, [BIN, 'status', '--region', 'us-east-1', '-o', 'json', '--debug'], { env });
    const [region] = check(debug, `status (${MANY} clusters)`);
    const names = new Set(region.clusters.map((c) => c.name));
    const expectedBad = MANY / 50;
    if (names.size !== MANY || region.summary.protected !== MANY - expectedBad || region.summary.notProtected !== expectedBad) {
      throw new Error(`expected ${MANY} distinct clusters (${MANY - expectedBad} protected, ${expectedBad} not): got ${names.size}, ${JSON.stringify(region.summary)}`);
    }
    const calls = {};
    for (const m of debug.stderr.matchAll(/\[debug\] (\w+\.\w+) /g)) calls[m[1]] = (calls[m[1]] ?? 0) + 1;
    const many = timeCommand(node, [BIN, 'status', '--region', 'us-east-1', '-o', 'json'], { env, runs: 3, check: (r) => check(r, 'status (many)') });
    // The floor with 10 calls in flight: ListClusters pages, then DescribeAddon in batches of 10, then the
    // uncovered clusters' DescribeCluster and Fargate check (GuardDuty's reads run alongside).
    const floor = LATENCY_MS * (Math.ceil(MANY / 100) + Math.ceil(MANY / 10) + 2);
    report(`status, 1 region, ${MANY} clusters, ${LATENCY_MS} ms/request`, fmt(many.median), `floor at 10 in flight ≈ ${fmt(floor)}; ${names.size} clusters, ${region.summary.protected} protected, ${region.summary.notProtected} not`);
    report(
      `  HTTP calls for ${MANY} clusters`,
      String(Object.values(calls).reduce((a, b) => a + b, 0)),
      Object.entries(calls)
        .sort()
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    );
    report(`  sequential equivalent (1 call at a time)`, fmt(LATENCY_MS * Object.values(calls).reduce((a, b) => a + b, 0)), `${ratio(LATENCY_MS * Object.values(calls).reduce((a, b) => a + b, 0), many.median)} slower than gdeks`);
  } finally {
    large.stop();
  }
}
