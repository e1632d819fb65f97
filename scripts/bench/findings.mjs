// `findings list` figures against the project's GuardDuty test server, run as a separate process (bundled
// by scripts/test-server.mjs) with 25 ms of latency per request:
//   - gdeks -o ndjson over 5,000 EKS findings versus the round-trip floor (sequential ListFindings pages × 25 ms)
//     plus start-up;
//   - the same listing scripted with the AWS CLI (list-findings, then get-findings in batches of 50);
//   - peak RSS for 50,000 findings versus 5,000 (streaming: should be nearly flat);
//   - 30 % of requests throttled: the same findings, each once, and the slowdown.
import { join } from 'node:path';
import { startTestServer } from '../test-server.mjs';
import { BIN, ROOT, benchEnv, fmt, hasCommand, ratio, runOnce, timeInterleaved } from './lib.mjs';

export const title = 'findings list';

const LATENCY_MS = 25;
const FINDINGS = 5_000;
const MANY = 50_000;
const SEED = '42';
// --archived (gdeks) and no service.archived criterion (AWS CLI): every seeded EKS finding is listed, so the
// counts are exactly 5,000 and 50,000 (the server also seeds non-EKS findings, which both leave out).
const CRITERIA = JSON.stringify({ Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } });
const SORT = JSON.stringify({ AttributeName: 'severity', OrderBy: 'DESC' });

export async function run(report) {
  const servers = [];
  const start = async (args) => {
    // A process of its own, so the server's CPU does not skew gdeks' timings.
    const s = await startTestServer(args);
    servers.push(s);
    return s;
  };
  try {
    const [slow, empty, throttled, many] = await Promise.all([
      start(['--latency', String(LATENCY_MS), '--findings', String(FINDINGS), '--seed', SEED]),
      start(['--findings', '0', '--other-findings', '0', '--seed', SEED]),
      start(['--latency', String(LATENCY_MS), '--findings', String(FINDINGS), '--seed', SEED, '--throttle-rate', '0.3']),
      start(['--findings', String(MANY), '--seed', SEED]),
    ]);
    const env = benchEnv({ AWS_REGION: 'us-east-1' });
    const node = process.execPath;
    const list = (url, extra = []) => [BIN, 'findings', 'list', '--archived', '-o', 'ndjson', '--endpoint-url', url, ...extra];

    // Start-up: everything but the waiting (process, bundle, SDK, two requests to a server with no latency).
    const [startup, listing] = timeInterleaved(
      [
        { cmd: node, args: list(empty.url), env, check: (r) => assertOk(r, 'gdeks findings list (empty)') },
        { cmd: node, args: list(slow.url), env, check: (r) => assertLines(r, FINDINGS, 'gdeks findings list') },
      ],
      { runs: 5 },
    );
    const pages = Math.ceil(FINDINGS / 50);
    const floor = pages * LATENCY_MS;
    report(`gdeks findings list -o ndjson, ${FINDINGS} findings at ${LATENCY_MS} ms/request`, fmt(listing.median), `min ${fmt(listing.min)}, max ${fmt(listing.max)}`);
    report('  start-up (empty listing, no latency)', fmt(startup.median));
    report(`  round-trip floor (${pages} sequential ListFindings × ${LATENCY_MS} ms)`, fmt(floor));
    report(
      '  gdeks versus floor + start-up',
      ratio(listing.median, floor + startup.median),
      `waiting part ${ratio(listing.median - startup.median, floor)} of the floor (target ≤ 1.3×)`,
    );
    // What any SDK client pays: the same ListFindings chain alone, in-process (no GetFindings, no output).
    const chain = await sdkListChain(slow.url);
    report('  SDK ListFindings chain alone (in-process)', fmt(chain), `${ratio(chain, floor)} the floor: the SDK's and the server's own cost per request`);

    const reference = runOnce(node, list(slow.url), { env });
    assertLines(reference, FINDINGS, 'gdeks findings list');
    const referenceIds = idsOf(reference.stdout);

    if (hasCommand('aws')) {
      const aws = awsCliListing(slow.url, env);
      if (aws.ids.length !== FINDINGS) throw new Error(`the AWS CLI listing returned ${aws.ids.length} findings, expected ${FINDINGS}`);
      const same = sameSet(aws.ids, referenceIds) ? 'same findings as gdeks' : 'DIFFERENT findings from gdeks';
      report(`aws CLI: list-findings + ${aws.calls - 1} × get-findings`, fmt(aws.ms), `${ratio(aws.ms, listing.median)} gdeks (target ≥ 5×); ${same}`);
    } else {
      report('aws CLI listing', 'skipped', 'the AWS CLI (`aws`) is not installed');
    }

    // Peak RSS is noisy on a shared machine (allocator and GC timing): median of 3 runs each, interleaved.
    const rss = { small: [], large: [] };
    for (let i = 0; i < 3; i++) {
      const small = runOnce(node, list(many.url, ['--limit', String(FINDINGS)]), { env });
      assertLines(small, FINDINGS, 'gdeks findings list --limit');
      const large = runOnce(node, list(many.url), { env });
      assertLines(large, MANY, 'gdeks findings list (50,000)');
      rss.small.push(small.rssKb);
      rss.large.push(large.rssKb);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[1];
    if (rss.small.every((x) => x !== undefined)) {
      const [small, large] = [median(rss.small), median(rss.large)];
      report(`peak RSS, ${FINDINGS} findings (-o ndjson)`, `${(small / 1024).toFixed(0)} MB`, `runs: ${rss.small.map((x) => (x / 1024).toFixed(0)).join(', ')} MB`);
      report(
        `peak RSS, ${MANY} findings (-o ndjson)`,
        `${(large / 1024).toFixed(0)} MB`,
        `${ratio(large, small)} the ${FINDINGS} run for ${MANY / FINDINGS}× the findings (flat = 1×); runs: ${rss.large.map((x) => (x / 1024).toFixed(0)).join(', ')} MB`,
      );
    } else {
      report('peak RSS', 'skipped', '/usr/bin/time (GNU time) is not installed');
    }

    const runs = [1, 2, 3].map(() => runOnce(node, list(throttled.url), { env }));
    for (const r of runs) {
      assertOk(r, 'gdeks findings list (throttled)');
      const ids = idsOf(r.stdout);
      if (ids.length !== FINDINGS || new Set(ids).size !== FINDINGS || !sameSet(ids, referenceIds)) {
        throw new Error(`with throttling gdeks printed ${ids.length} findings (${new Set(ids).size} distinct), not the same ${FINDINGS}`);
      }
    }
    const throttledMs = runs.map((r) => r.ms).sort((a, b) => a - b)[1];
    report(
      '30 % of requests throttled (429)',
      fmt(throttledMs),
      `same ${FINDINGS} findings, each once, in all 3 runs; ${ratio(throttledMs, listing.median)} slower (retries back off with full jitter from 100 ms, src/aws/clients.ts)`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** Sequential ListFindings pages with the SDK, nothing else: the practical floor of any SDK-based listing. */
async function sdkListChain(url) {
  const { GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } = await import('@aws-sdk/client-guardduty');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new GuardDutyClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  const detectorId = (await client.send(new ListDetectorsCommand({}))).DetectorIds[0];
  const once = async () => {
    const t = performance.now();
    let token;
    do {
      const page = await client.send(
        new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: JSON.parse(CRITERIA), SortCriteria: JSON.parse(SORT), MaxResults: 50, NextToken: token }),
      );
      token = page.NextToken;
    } while (token);
    return performance.now() - t;
  };
  await once();
  const samples = [await once(), await once(), await once()].sort((a, b) => a - b);
  client.destroy();
  return samples[1];
}


/** The listing as a user scripts it with the AWS CLI: list-findings (auto-paginated), then get-findings 50 ids at a time. */
function awsCliListing(url, env) {
  const common = ['--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'];
  const t = performance.now();
  const detectors = runOnce('aws', ['guardduty', 'list-detectors', ...common], { env });
  assertOk(detectors, 'aws guardduty list-detectors');
  const detectorId = JSON.parse(detectors.stdout).DetectorIds[0];
  const listed = runOnce('aws', ['guardduty', 'list-findings', '--detector-id', detectorId, '--finding-criteria', CRITERIA, '--sort-criteria', SORT, ...common], { env });
  assertOk(listed, 'aws guardduty list-findings');
  const findingIds = JSON.parse(listed.stdout).FindingIds;
  const ids = [];
  let calls = 1;
  for (let i = 0; i < findingIds.length; i += 50) {
    const got = runOnce('aws', ['guardduty', 'get-findings', '--detector-id', detectorId, '--finding-ids', ...findingIds.slice(i, i + 50), ...common], { env });
    assertOk(got, 'aws guardduty get-findings');
    ids.push(...JSON.parse(got.stdout).Findings.map((f) => f.Id));
    calls++;
  }
  return { ms: performance.now() - t, ids, calls };
}

function idsOf(ndjson) {
  return ndjson
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l).Id);
}

function sameSet(a, b) {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

function assertOk(r, what) {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
}

function assertLines(r, n, what) {
  assertOk(r, what);
  let lines = 0;
  for (let i = r.stdout.indexOf('\n'); i !== -1; i = r.stdout.indexOf('\n', i + 1)) lines++;
  if (lines !== n) throw new Error(`${what} printed ${lines} lines, expected ${n}`);
}
