// Standalone entry for scripts (demo, benchmarks): starts the server and prints one JSON line with its URL.
// Bundled with esbuild to run under plain node, so: node builtins and relative imports only.
//
//   node guardduty-server.js --port 0 --findings 50000 --seed 7 --latency 20 --jitter 10 --throttle-rate 0.05
//   → {"url":"http://127.0.0.1:41234"}

import { parseArgs } from 'node:util';
import { DEFAULT_CLUSTERS } from './clusters.js';
import { startEksServer, type RunningEksServer } from './eks.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from './server.js';
import { EKS_KINDS, type FindingKind } from './catalog.js';

const USAGE = `usage: guardduty-server [--port N] [--latency MS] [--jitter MS] [--throttle-rate 0..1] [--error-rate 0..1]
                        [--findings N] [--other-findings N] [--seed N] [--base-time ISO] [--member-of ACCOUNT]
                        [--fail-regions r1,r2] [--fail-mode error|hang] [--no-detector] [--eks] [--verbose]
                        [--members N] [--detector-age-days N] [--trial-days FEATURE=DAYS,...] [--eks-protection]
                        [--arrivals N] [--recur N]
  --eks also starts the EKS-compatible server for the same clusters and prints its URL as "eksUrl".
  --members N makes the account the organization's delegated administrator with N generated members.
  --detector-age-days N seeds detectors created N days before the base time (under 30: still in the free trial).
  --trial-days sets the free-trial days GetRemainingFreeTrialDays reports, e.g. EKS_RUNTIME_MONITORING=12.
  --eks-protection seeds detectors with EKS_AUDIT_LOGS and RUNTIME_MONITORING (EKS_ADDON_MANAGEMENT) on since
  their creation, so they have EKS usage to report (npm run demo's gdeks usage).
  --arrivals N adds N new EKS findings per second (in tenths of a second) to every region a request has named,
  as if they were happening now: a findings watch has something to follow (the store grows with them).
  --recur N makes N existing EKS findings per second occur again (count + 1, updatedAt now), in turn, so the
  findings' updatedAt keeps moving while the store stays the same size (scripts/bench/watch.mjs).`;

function num(name: string, value: string | undefined, min: number, max = Number.POSITIVE_INFINITY): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`--${name} must be a number between ${min} and ${max}, got '${value}'`);
  }
  return n;
}

/** `EKS_RUNTIME_MONITORING=12,EKS_AUDIT_LOGS=3` → { EKS_RUNTIME_MONITORING: 12, EKS_AUDIT_LOGS: 3 }. */
function trialDays(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Z0-9_]+)=(\d{1,2})$/.exec(part);
    if (!m?.[1] || m[2] === undefined || Number(m[2]) > 30) throw new Error(`--trial-days entries are FEATURE=DAYS with DAYS 0..30, got '${part}'`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function optionsFromArgs(argv: string[]): ServerOptions & { eks?: boolean; arrivals?: number; recur?: number } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'throttle-rate': { type: 'string' },
      'error-rate': { type: 'string' },
      findings: { type: 'string' },
      'other-findings': { type: 'string' },
      seed: { type: 'string' },
      'base-time': { type: 'string' },
      'member-of': { type: 'string' },
      'fail-regions': { type: 'string' },
      'fail-mode': { type: 'string' },
      'no-detector': { type: 'boolean' },
      eks: { type: 'boolean' },
      members: { type: 'string' },
      'detector-age-days': { type: 'string' },
      'trial-days': { type: 'string' },
      'eks-protection': { type: 'boolean' },
      arrivals: { type: 'string' },
      recur: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const opts: ServerOptions & { eks?: boolean; arrivals?: number; recur?: number } = {};
  if (values.eks) opts.eks = true;
  const arrivals = num('arrivals', values.arrivals, 0, 100_000);
  if (arrivals !== undefined) opts.arrivals = arrivals;
  const recur = num('recur', values.recur, 0, 100_000);
  if (recur !== undefined) opts.recur = recur;
  const set = <K extends keyof ServerOptions>(key: K, v: ServerOptions[K] | undefined): void => {
    if (v !== undefined) opts[key] = v;
  };
  set('port', num('port', values.port, 0, 65535));
  set('latencyMs', num('latency', values.latency, 0));
  set('jitterMs', num('jitter', values.jitter, 0));
  set('throttleRate', num('throttle-rate', values['throttle-rate'], 0, 1));
  set('errorRate', num('error-rate', values['error-rate'], 0, 1));
  set('findings', num('findings', values.findings, 0));
  set('otherFindings', num('other-findings', values['other-findings'], 0));
  set('seed', num('seed', values.seed, 0, 2 ** 32 - 1));
  set('baseTime', values['base-time']);
  if (values['member-of'] !== undefined) {
    if (!/^\d{12}$/.test(values['member-of'])) throw new Error('--member-of must be a 12-digit account id');
    opts.memberOf = values['member-of'];
  }
  if (values['fail-regions'] !== undefined) opts.failRegions = values['fail-regions'].split(',').map((r) => r.trim()).filter(Boolean);
  if (values['fail-mode'] !== undefined) {
    if (values['fail-mode'] !== 'error' && values['fail-mode'] !== 'hang') throw new Error('--fail-mode must be error or hang');
    opts.failMode = values['fail-mode'];
  }
  if (values['no-detector']) opts.detector = false;
  const members = num('members', values.members, 0, 50_000);
  if (members !== undefined) {
    if (!Number.isInteger(members)) throw new Error('--members must be a whole number');
    opts.organization = { role: 'delegated-admin', members };
  }
  const ageDays = num('detector-age-days', values['detector-age-days'], 0, 10_000);
  if (ageDays !== undefined) {
    if (opts.detector === false) throw new Error('--detector-age-days needs a seeded detector (drop --no-detector)');
    opts.detector = { ageDays };
  }
  if (values['eks-protection']) {
    if (opts.detector === false) throw new Error('--eks-protection needs a seeded detector (drop --no-detector)');
    opts.detector = {
      ...(typeof opts.detector === 'object' ? opts.detector : {}),
      features: [
        { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
        { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
      ],
    };
  }
  if (values['trial-days'] !== undefined) opts.usage = { trialDays: trialDays(values['trial-days']) };
  if (values.verbose) opts.log = (line) => process.stderr.write(`${line}\n`);
  return opts;
}

/** `--arrivals N`: every tenth of a second, a tenth of N new EKS findings (the fractions carried over) per region. */
function startArrivals(server: RunningServer, perSecond: number): NodeJS.Timeout {
  let owed = 0;
  let next = 0;
  return setInterval(() => {
    owed += perSecond / 10;
    const n = Math.floor(owed);
    owed -= n;
    if (n === 0) return;
    const types: string[] = [];
    for (let i = 0; i < n; i++) types.push((EKS_KINDS[next++ % EKS_KINDS.length] as FindingKind).type);
    for (const [name, region] of server.state.regions) if (region.detector) server.addFindings(name, types);
  }, 100);
}

/** `--recur N`: every tenth of a second, a tenth of N unarchived EKS findings per region occur again, in turn. */
function startRecurring(server: RunningServer, perSecond: number): NodeJS.Timeout {
  let owed = 0;
  const next = new Map<string, number>();
  return setInterval(() => {
    owed += perSecond / 10;
    const n = Math.floor(owed);
    owed -= n;
    if (n === 0) return;
    for (const [name, region] of server.state.regions) {
      if (!region.detector) continue;
      const plans = region.findings().plans.filter((p) => !p.archived && p.cluster >= 0);
      if (plans.length === 0) continue;
      let i = next.get(name) ?? 0;
      const ids: string[] = [];
      for (let k = 0; k < Math.min(n, plans.length); k++) ids.push((plans[i++ % plans.length] as { id: string }).id);
      next.set(name, i % plans.length);
      server.recurFindings(name, ids);
    }
  }, 100);
}

async function main(): Promise<void> {
  let opts: ServerOptions & { eks?: boolean; arrivals?: number; recur?: number };
  try {
    opts = optionsFromArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
  const server = await startGuardDutyServer(opts);
  // The demo's `gdeks status` needs EKS too: the same clusters, routed with AWS_ENDPOINT_URL_EKS.
  const eks: RunningEksServer | undefined = opts.eks
    ? await startEksServer({ clusters: opts.clusters ?? DEFAULT_CLUSTERS, latencyMs: opts.latencyMs, seed: opts.seed })
    : undefined;
  const arriving = opts.arrivals ? startArrivals(server, opts.arrivals) : undefined;
  const recurring = opts.recur ? startRecurring(server, opts.recur) : undefined;
  process.stdout.write(`${JSON.stringify(eks ? { url: server.url, eksUrl: eks.url } : { url: server.url })}\n`);
  const stop = (): void => {
    if (arriving) clearInterval(arriving);
    if (recurring) clearInterval(recurring);
    Promise.all([server.close(), eks?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
