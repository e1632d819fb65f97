// `suppress add --dry-run` figures against the project's GuardDuty test server (a separate process) with 25 ms
// of latency per request and 20,000 EKS findings: the blast radius of a rule that matches (nearly) all of them,
//   - counted with GetFindingsStatistics (a rule without wildcards): floor = 2 sequential round trips
//     (ListDetectors, then ListFilters, GetAdministratorAccount and five statistics at once);
//   - counted by listing (a rule with a `*` wildcard, which ListFindings does not accept): floor = the sequential
//     ListFindings pages (50 ids each) after ListDetectors.
// Each against its floor plus start-up (the same command against an empty server without latency).
import { startTestServer } from '../test-server.mjs';
import { BIN, benchEnv, fmt, ratio, timeInterleaved } from './lib.mjs';

export const title = 'suppress add (blast radius)';

const LATENCY_MS = 25;
const FINDINGS = 20_000;
const SEED = '42';

export async function run(report) {
  const servers = [];
  try {
    const [slow, empty] = await Promise.all([
      startTestServer(['--latency', String(LATENCY_MS), '--findings', String(FINDINGS), '--other-findings', '0', '--seed', SEED]),
      startTestServer(['--findings', '0', '--other-findings', '0', '--seed', SEED]),
    ]);
    servers.push(slow, empty);
    const env = benchEnv({ AWS_REGION: 'us-east-1' });
    const node = process.execPath;
    const add = (url, selector) => [BIN, 'suppress', 'add', 'bench-rule', ...selector, '--dry-run', '-o', 'json', '--endpoint-url', url];
    // --severity 2: every finding but the lowest; --pod '*-*' (a wildcard): every workload name gdeks' test server makes.
    const stats = ['--severity', '2'];
    const wildcard = ['--pod', '*-*'];
    const totals = {};
    const check = (key) => (r) => {
      if (r.status !== 0) throw new Error(`gdeks suppress add exited ${r.status}: ${r.stderr}`);
      const m = JSON.parse(r.stdout).results[0].matches;
      totals[key] = m;
    };
    const [startStats, startList, byStats, byListing] = timeInterleaved(
      [
        { cmd: node, args: add(empty.url, stats), env, check: check('emptyStats') },
        { cmd: node, args: add(empty.url, wildcard), env, check: check('emptyList') },
        { cmd: node, args: add(slow.url, stats), env, check: check('stats') },
        { cmd: node, args: add(slow.url, wildcard), env, check: check('listing') },
      ],
      { runs: 3 },
    );
    const s = totals.stats;
    const l = totals.listing;
    const statsFloor = 2 * LATENCY_MS;
    report(`blast radius by statistics, ${s.total} of ${FINDINGS} findings match, ${LATENCY_MS} ms/request`, fmt(byStats.median), `min ${fmt(byStats.min)}, max ${fmt(byStats.max)}; method ${s.method}`);
    report('  start-up (empty server, no latency)', fmt(startStats.median));
    report(`  round-trip floor (2 sequential round trips × ${LATENCY_MS} ms)`, fmt(statsFloor));
    const server = await statisticsAlone(slow.url);
    report('  the same five GetFindingsStatistics, in-process SDK', fmt(server), "the test server's own counting (GroupBy RESOURCE builds every finding)");
    report('  versus floor + start-up', ratio(byStats.median, statsFloor + startStats.median), `versus start-up + the SDK's statistics time: ${ratio(byStats.median, startStats.median + server)}`);
    const pages = Math.ceil(l.total / 50);
    const listFloor = (pages + 1) * LATENCY_MS;
    report(`blast radius by listing (wildcard rule), ${l.total} findings match`, fmt(byListing.median), `min ${fmt(byListing.min)}, max ${fmt(byListing.max)}; method ${l.method}`);
    report('  start-up (empty server, no latency)', fmt(startList.median));
    report(`  round-trip floor (ListDetectors + ${pages} sequential ListFindings × ${LATENCY_MS} ms)`, fmt(listFloor));
    report('  versus floor + start-up', ratio(byListing.median, listFloor + startList.median), `waiting part ${ratio(byListing.median - startList.median, listFloor)} of the floor`);
    report('  statistics versus listing', ratio(byListing.median, byStats.median), 'faster (what GetFindingsStatistics saves)');
  } finally {
    await Promise.all(servers.map((x) => x.stop()));
  }
}

/** GetFindingsStatistics grouped as gdeks asks (severity: all, active, samples; type; resource), all at once, with the SDK alone. */
async function statisticsAlone(url) {
  const { GuardDutyClient, ListDetectorsCommand, GetFindingsStatisticsCommand } = await import('@aws-sdk/client-guardduty');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new GuardDutyClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  const detectorId = (await client.send(new ListDetectorsCommand({}))).DetectorIds[0];
  const base = { 'resource.resourceType': { Equals: ['EKSCluster'] }, severity: { GreaterThanOrEqual: 2 }, updatedAt: { GreaterThanOrEqual: Date.now() - 90 * 86_400_000 } };
  const ask = (GroupBy, extra = {}) =>
    client.send(new GetFindingsStatisticsCommand({ DetectorId: detectorId, FindingCriteria: { Criterion: { ...base, ...extra } }, GroupBy, MaxResults: 100 }));
  const once = async () => {
    const t = performance.now();
    await Promise.all([
      ask('SEVERITY'),
      ask('SEVERITY', { 'service.archived': { Equals: ['false'] } }),
      ask('SEVERITY', { 'service.additionalInfo.sample': { Equals: ['true'] } }),
      ask('FINDING_TYPE'),
      ask('RESOURCE'),
    ]);
    return performance.now() - t;
  };
  await once();
  const samples = [await once(), await once(), await once()].sort((a, b) => a - b);
  client.destroy();
  return samples[1];
}
