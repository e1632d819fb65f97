// -o csv and -o markdown as a user gets them: the built binary against the project's GuardDuty and EKS test
// servers, its output read back by real parsers (csv-parse, marked) and compared with -o json.
import type { Finding } from '@aws-sdk/client-guardduty';
import { parse } from 'csv-parse/sync';
import { Marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { configureOrganization } from '../server/org.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';

const gfm = new Marked({ gfm: true });
const csv = (text: string): Array<Record<string, string>> => parse(text, { columns: true }) as Array<Record<string, string>>;

/** A markdown document's tables, each as rows of cell texts (header first), and the HTML tags it used. */
function tables(markdown: string): { tables: string[][][]; tags: Set<string> } {
  const html = gfm.parse(markdown) as string;
  const decode = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);
  return {
    tables: [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
      [...(t[1] as string).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) => [...(tr[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((td) => decode(td[1] as string))),
    ),
    tags: new Set([...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1] as string)),
  };
}
const TABLE_TAGS = ['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'];
/** The test server always sends a severity; written here, not taken from gdeks. */
const scoreOf = (severity: number | undefined) => severity ?? 10;

describe('findings list -o csv / markdown and one table across regions (built binary, test server)', () => {
  let server: RunningServer;
  const gdeks = (args: string[]) => runBin(['findings', 'list', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: 'us-east-1' } });
  const json = async (args: string[]): Promise<Finding[]> => {
    const r = await gdeks([...args, '-o', 'json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Finding[];
  };

  beforeAll(async () => {
    // A hostile server: every finding's title carries a line break, a fake CSV row and a right-to-left override.
    server = await startGuardDutyServer({ seed: 11, findings: 120, hostile: '\r\n9,evil,"row"\u202e|[x](http://e)' });
  });
  afterAll(async () => server?.close());

  it('-o csv, parsed by a CSV parser, is the findings of -o json in the same order, one record each', async () => {
    const r = await gdeks(['-o', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('region,severity,score,type,title,cluster,namespace,workload_type,workload,user,count,first_seen,last_seen,updated_at,account_id,id,sample,archived\r\n')).toBe(true);
    expect(r.stdout).not.toMatch(/\x1b|\u202e/);
    const rows = csv(r.stdout);
    const expected = await json([]);
    expect(expected.length).toBeGreaterThan(50);
    // Every record is one line: a title's line break from the server is shown escaped.
    expect(r.stdout.trimEnd().split('\r\n')).toHaveLength(expected.length + 1);
    expect(rows.map((row) => row.id)).toEqual(expected.map((f) => f.Id));
    for (const [i, f] of expected.entries()) {
      const row = rows[i] as Record<string, string>;
      expect(row).toMatchObject({
        region: 'us-east-1',
        type: f.Type,
        score: String(f.Severity),
        cluster: f.Resource?.EksClusterDetails?.Name ?? '',
        count: String(f.Service?.Count ?? ''),
        updated_at: f.UpdatedAt,
        account_id: f.AccountId,
        archived: 'false',
      });
      expect(row.title).toBe((f.Title ?? '').replace(/[\r\n\u202e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    }
  });

  it('--regions: one table sorted across regions with a REGION column, in the --sort order, for table, csv and markdown', async () => {
    const regions = ['--regions', 'us-east-1,eu-west-1'];
    const all = await json(regions);
    // JSON keeps its documented shape: one array, the regions one after another in the order given.
    const firstEu = all.findIndex((f) => f.Region === 'eu-west-1');
    expect(firstEu).toBeGreaterThan(0);
    expect(all.slice(firstEu).every((f) => f.Region === 'eu-west-1')).toBe(true);
    // The expected merged order: most severe first, then newest, then by id, whatever the region.
    const updated = (f: Finding) => Date.parse(f.UpdatedAt ?? '');
    const merged = [...all].sort((a, b) => scoreOf(b.Severity) - scoreOf(a.Severity) || updated(b) - updated(a) || ((a.Id ?? '') < (b.Id ?? '') ? -1 : 1));
    const regionOf = new Map(all.map((f) => [f.Id, f.Region]));

    const table = await gdeks([...regions, '--no-color']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY +REGION +TYPE +CLUSTER/);
    expect(table.stdout).not.toMatch(/^(us-east-1|eu-west-1)$/m);
    const tableRows = lines.slice(1).map((l) => ({ region: l.split(/ +/)[1], id: l.slice(-32) }));
    expect(tableRows.map((r) => r.id)).toEqual(merged.map((f) => f.Id));
    for (const r of tableRows) expect(r.region).toBe(regionOf.get(r.id));
    // The regions really are interleaved: not one region after the other.
    const lastUs = tableRows.length - 1 - [...tableRows].reverse().findIndex((r) => r.region === 'us-east-1');
    expect(tableRows.findIndex((r) => r.region === 'eu-west-1')).toBeLessThan(lastUs);

    const rows = csv((await gdeks([...regions, '-o', 'csv'])).stdout);
    expect(rows.map((r) => [r.id, r.region])).toEqual(merged.map((f) => [f.Id, f.Region]));

    const md = tables((await gdeks([...regions, '-o', 'markdown'])).stdout);
    const [mdTable] = md.tables;
    expect(md.tables).toHaveLength(1);
    expect(mdTable?.[0]).toEqual(['Region', 'Severity', 'Type', 'Cluster', 'Workload/user', 'Count', 'Last seen', 'Finding ID']);
    expect(mdTable?.slice(1).map((r) => [r.at(-1), r[0]])).toEqual(merged.map((f) => [f.Id, f.Region]));

    const byUpdate = csv((await gdeks([...regions, '-o', 'csv', '--sort', 'updated'])).stdout);
    const newestFirst = [...all].sort((a, b) => updated(b) - updated(a) || scoreOf(b.Severity) - scoreOf(a.Severity) || ((a.Id ?? '') < (b.Id ?? '') ? -1 : 1));
    expect(byUpdate.map((r) => r.id)).toEqual(newestFirst.map((f) => f.Id));
  });

  it('--limit counts per region in the merged table', async () => {
    const rows = csv((await gdeks(['--regions', 'us-east-1,eu-west-1', '--limit', '3', '-o', 'csv'])).stdout);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.region === 'us-east-1')).toHaveLength(3);
  });

  it('a failing region: the other region is still printed, the error goes to stderr, exit 1', async () => {
    server.setFaults({ failRegions: ['eu-west-1'], failMode: 'error' });
    try {
      const r = await gdeks(['--regions', 'us-east-1,eu-west-1', '-o', 'csv', '--max-attempts', '1']);
      expect(r.code).toBe(1);
      const rows = csv(r.stdout);
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.every((row) => row.region === 'us-east-1')).toBe(true);
      expect(r.stderr).toMatch(/error: .*eu-west-1/);
    } finally {
      server.setFaults({ failRegions: [] });
    }
  });

  it('-o markdown: hostile titles and types cannot add a column, a link or HTML', async () => {
    const r = await gdeks(['-o', 'markdown']);
    expect(r.code).toBe(0);
    const md = tables(r.stdout);
    expect([...md.tags].filter((t) => !TABLE_TAGS.includes(t))).toEqual([]);
    const [table] = md.tables;
    expect(table?.length).toBe((await json([])).length + 1);
    for (const row of table ?? []) expect(row).toHaveLength(7);
  });

  it('an empty result is the header alone (csv and markdown); the table says so on stderr', async () => {
    const none = ['--type', 'Impact:Kubernetes/MaliciousIPCaller', '--since', '2000-01-01', '--cluster', 'no-such-cluster'];
    const c = await gdeks([...none, '-o', 'csv']);
    expect(c.code).toBe(0);
    expect(c.stdout.split('\r\n')).toEqual(['region,severity,score,type,title,cluster,namespace,workload_type,workload,user,count,first_seen,last_seen,updated_at,account_id,id,sample,archived', '']);
    const m = await gdeks([...none, '-o', 'markdown']);
    expect(tables(m.stdout).tables).toEqual([[['Severity', 'Type', 'Cluster', 'Workload/user', 'Count', 'Last seen', 'Finding ID']]]);
  });

  it('a command without csv refuses it with exit 2, naming its formats, and sends nothing', async () => {
    const before = server.stats.requests;
    const cases: Array<[string[], RegExp]> = [
      [['export-frequency', '15m', '-o', 'csv'], /^error: export-frequency cannot print csv; use table, json or ndjson$/m],
      [['findings', 'show', 'a'.repeat(32), '-o', 'markdown'], /^error: findings show cannot print markdown; use table, json or ndjson$/m],
      [['enable', '--features', 'examples/config.json', '--dry-run', '-o', 'csv'], /^error: enable cannot print csv; use table, json, ndjson or markdown$/m],
      [['suppress', 'list', '--output', 'CSV'], /^error: suppress list cannot print csv; use table, json or ndjson$/m],
    ];
    for (const [args, message] of cases) {
      const r = await runBin([...args, '--endpoint-url', server.url], { env: { AWS_REGION: 'us-east-1' } });
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(server.stats.requests).toBe(before);
  });
});

describe('status, usage and enable -o csv / markdown (built binary, test servers)', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  let env: Record<string, string>;
  const clusters: EksClusterSpec[] = [
    { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
    { name: 'pay|ments', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent <b>Reporting</b> [x](http://e)', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
    { name: 'new-cluster', coverage: false, addon: false },
  ];
  beforeAll(async () => {
    [gd, eks] = await Promise.all([
      startGuardDutyServer({
        clusters,
        detector: {
          features: [
            { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
            { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
          ],
          ageDays: 200,
        },
      }),
      startEksServer({ clusters }),
    ]);
    env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url, AWS_REGION: 'us-east-1' };
  });
  afterAll(async () => {
    await Promise.all([gd?.close(), eks?.close()]);
  });

  it('status -o csv: one record per cluster, the fields of -o json', async () => {
    const j = await runBin(['status', '-o', 'json'], { env });
    const r = await runBin(['status', '-o', 'csv'], { env });
    expect(r.code).toBe(j.code);
    const [region] = JSON.parse(j.stdout).regions as Array<{ clusters: Array<Record<string, unknown>> }>;
    const rows = csv(r.stdout);
    expect(rows.map((row) => [row.cluster, row.verdict, row.reason, row.fix ?? ''])).toEqual(
      region?.clusters.map((c) => [c.name, c.verdict, c.reason, c.fix ?? '']),
    );
    expect(rows.find((row) => row.cluster === 'pay|ments')).toMatchObject({ region: 'us-east-1', coverage_status: 'UNHEALTHY', covered_nodes: '2', compatible_nodes: '4' });
  });

  it('status -o markdown: a table of detectors and one of clusters, hostile names and issues kept in their cells', async () => {
    const r = await runBin(['status', '-o', 'markdown'], { env });
    expect(r.stdout).not.toMatch(/\x1b/);
    const md = tables(r.stdout);
    expect([...md.tags].filter((t) => !TABLE_TAGS.includes(t))).toEqual([]);
    const [detectors, clusterTable] = md.tables;
    expect(detectors?.[0]).toEqual(['Region', 'Detector', 'EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING', 'Clusters', 'Protected']);
    expect(detectors?.[1]?.slice(0, 3)).toEqual(['us-east-1', 'ENABLED', 'ENABLED']);
    expect(clusterTable?.[0]).toEqual(['Region', 'Cluster', 'Verdict', 'Why', 'Fix']);
    const payments = clusterTable?.find((row) => row[1] === 'pay|ments');
    expect(payments).toHaveLength(5);
    expect(payments?.[2]).toBe('degraded');
    expect(payments?.[3]).toContain('No Agent <b>Reporting</b> [x](http://e)');
  });

  it('usage -o csv: the amounts of -o json, one per row', async () => {
    const j = JSON.parse((await runBin(['usage', '-o', 'json'], { env })).stdout) as { regions: Array<{ total: { amount: string }; clusters: Array<{ name: string; cost: { amount: string } | null }> }> };
    const r = await runBin(['usage', '-o', 'csv'], { env });
    expect(r.code).toBe(0);
    const rows = csv(r.stdout);
    expect(rows.find((row) => row.scope === 'account' && row.feature === 'ALL')?.amount).toBe(j.regions[0]?.total.amount);
    for (const c of j.regions[0]?.clusters ?? []) {
      expect(rows.find((row) => row.scope === 'cluster' && row.name === c.name && row.feature === 'EKS')?.amount ?? '').toBe(c.cost?.amount ?? '');
    }
  });

  it('enable --dry-run -o markdown: the plan as a table, nothing written; applied, the result', async () => {
    // The detector has audit logs on: the file turns them off (a change a reviewer must see in the summary).
    const features = '[{"Name":"EKS_AUDIT_LOGS","Status":"DISABLED"}]';
    const enable = (args: string[]) => runBin(['enable', '--features', '-', ...args, '-o', 'markdown'], { env, stdin: features });
    const dry = await enable(['--dry-run']);
    expect(dry.code).toBe(0);
    const [plan] = tables(dry.stdout).tables;
    expect(plan?.[0]).toEqual(['Region', 'Detector', 'Setting', 'From', 'To', 'Result']);
    const rows = plan?.slice(1) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual([['us-east-1', expect.stringMatching(/^[0-9a-f]+$/), 'EKS_AUDIT_LOGS', 'ENABLED', 'DISABLED', 'dry run: would be updated (1 change); nothing was changed']]);
    expect(gd.stats.byOperation.UpdateDetector ?? 0).toBe(0);

    const applied = await enable([]);
    expect(applied.code).toBe(0);
    expect(tables(applied.stdout).tables[0]?.slice(1).map((row) => row.slice(2))).toEqual([['EKS_AUDIT_LOGS', 'ENABLED', 'DISABLED', '✓ updated (1 change)']]);
    const again = await enable(['--check']);
    expect(again.code).toBe(0);
    expect(tables(again.stdout).tables[0]?.[1]?.slice(2)).toEqual(['', '', '', '✓ unchanged: already matches']);
  });

  it('status --organization -o csv: one record per member account', async () => {
    const org = await startGuardDutyServer({ seed: 3 });
    try {
      configureOrganization(org.state, { role: 'delegated-admin', members: 12 });
      const orgEnv = { ...env, AWS_ENDPOINT_URL_GUARDDUTY: org.url };
      const j = JSON.parse((await runBin(['status', '--organization', '-o', 'json'], { env: orgEnv })).stdout) as { regions: Array<{ members: Array<{ accountId: string; verdict: string }> }> };
      const r = await runBin(['status', '--organization', '-o', 'csv'], { env: orgEnv });
      const rows = csv(r.stdout);
      expect(rows).toHaveLength(12);
      expect(rows.map((row) => [row.account_id, row.verdict])).toEqual(j.regions[0]?.members.map((m) => [m.accountId, m.verdict]));
      const md = tables((await runBin(['status', '--organization', '-o', 'markdown'], { env: orgEnv })).stdout);
      expect(md.tables[0]).toHaveLength(13);
    } finally {
      await org.close();
    }
  });
});
