// `status --organization` at full size: 5,000 / 20,000 / 50,000 members against the project's test server with
// 20 ms on every request, one region and three. The floor is the longer of the two request chains that must
// run one page after another (ListMembers at 50 per page, ListCoverage at 50 per page), pages × latency; the
// target is a wall time within 1.3× of it and peak memory under 400 MB. ORG_BENCH_SIZES=5000,20000 narrows it.
// The same chains are also run alone with the bare SDK on the same server (lib-org-chain.mjs, a process of its
// own, so start-up counts on both sides): the pages × latency floor leaves out what each request costs the server
// and the SDK, the measured chain does not.
// Each figure carries the CPU time (user + system) of gdeks and of the test server, which a loaded machine moves
// far less than the wall time, and the load average while it ran.
import { BIN as BUILT, benchEnv, fmt, runOnce } from './lib.mjs';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startTestServer } from '../test-server.mjs';

const CHAIN = new URL('./lib-org-chain.mjs', import.meta.url).pathname;

export const title = 'status --organization';

const LATENCY_MS = Number(process.env.ORG_BENCH_LATENCY_MS ?? 20);
const THREE_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];
// GDEKS_BINS=before=/tmp/old/bin/gdeks.js,after=bin/gdeks.js measures builds in rotation against the same
// server (an earlier commit's build against this one, under the same load); default: this build alone.
const BINS = (process.env.GDEKS_BINS ?? `gdeks=${BUILT}`).split(',').map((s) => s.split('='));
const SIZES = (process.env.ORG_BENCH_SIZES ?? '5000,20000,50000').split(',').map(Number);
const RUNS = Number(process.env.ORG_BENCH_RUNS ?? 3);
const REGION_SETS = (process.env.ORG_BENCH_REGIONS ?? '1,3').split(',').map((n) => THREE_REGIONS.slice(0, Number(n)));

function regionsOf(r, what) {
  if (r.status !== 0 && r.status !== 3) throw new Error(`${what} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout).regions;
}

/** The test server's CPU so far (user + system), from /proc: it shares the machine's cores with gdeks. */
function serverCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(report) {
  const node = process.execPath;
  for (const n of SIZES) {
    const server = await startTestServer(['--members', String(n), '--latency', String(LATENCY_MS)]);
    try {
      const env = benchEnv({ AWS_ENDPOINT_URL_GUARDDUTY: server.url });
      for (const regions of REGION_SETS) {
        const args = ['status', '--organization', '--regions', regions.join(','), '-o', 'json'];
        // One --debug run warms the server (members are generated on first use) and counts the pages.
        const debug = runOnce(node, [BINS[0][1], ...args, '--debug'], { env });
        const counted = regionsOf(debug, `status --organization (${n})`);
        if (counted.some((r) => r.summary.members !== n)) throw new Error(`expected ${n} members per region: ${counted.map((r) => r.summary.members)}`);
        const calls = {};
        for (const m of debug.stderr.matchAll(/\[debug\] (\w+\.\w+) /g)) calls[m[1]] = (calls[m[1]] ?? 0) + 1;
        const per = (op) => Math.ceil((Object.entries(calls).find(([k]) => k.endsWith(op))?.[1] ?? 0) / regions.length);
        const floor = LATENCY_MS * Math.max(per('ListMembers'), per('ListCoverage'));
        const chain = median(Array.from({ length: RUNS }, () => runOnce(node, [CHAIN, server.url, ...regions], { env }).ms));
        const samples = BINS.map(() => []);
        const rss = BINS.map(() => 0);
        const cpu = BINS.map(() => []);
        const load = [];
        const serverCpu = BINS.map(() => []);
        for (let i = 0; i < RUNS; i++) {
          BINS.forEach(([, bin], j) => {
            const before = serverCpuMs(server.pid);
            const r = runOnce(node, [bin, ...args], { env });
            serverCpu[j].push(serverCpuMs(server.pid) - before);
            const got = regionsOf(r, `status --organization (${n})`);
            if (got.some((x) => x.summary.members !== n)) throw new Error(`${bin}: expected ${n} members per region`);
            samples[j].push(r.ms);
            cpu[j].push(r.cpuMs ?? 0);
            load.push(loadavg()[0]);
            rss[j] = Math.max(rss[j], r.rssKb ?? 0);
          });
        }
        BINS.forEach(([label], j) => {
          const wall = median(samples[j]);
          report(
            `${label}: ${n.toLocaleString('en-US')} members, ${regions.length} region${regions.length > 1 ? 's' : ''}, ${LATENCY_MS} ms/request`,
            fmt(wall),
            `${(wall / floor).toFixed(2)}× the chain floor ${fmt(floor)}, ${(wall / chain).toFixed(2)}× the chains run alone with the SDK (${fmt(chain)}) (ListMembers ${per('ListMembers')} pages, ListCoverage ${per('ListCoverage')}, GetMemberDetectors ${per('GetMemberDetectors')} calls per region); peak ${(rss[j] / 1024).toFixed(0)} MB; CPU ${(median(cpu[j]) / 1000).toFixed(1)} s (test server ${(median(serverCpu[j]) / 1000).toFixed(1)} s); runs ${samples[j].map((s) => (s / 1000).toFixed(1)).join('/')} s; load ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}`,
          );
        });
      }
    } finally {
      await server.stop();
    }
  }
}
