// `suppress add | list | remove` as a user runs them: the built binary against the project's GuardDuty test
// server, its state (filters, archived flags) read back through the plain SDK.
import { CreateFilterCommand, GetFilterCommand, GetFindingsCommand, ListFiltersCommand, type Finding } from '@aws-sdk/client-guardduty';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { allFindings, detectorOf, sdk } from './findings-helpers.js';

const REGION = 'us-east-1';
const EXEC = 'Execution:Kubernetes/ExecInKubeSystemPod';

type Counts = { total: number; active: number; bySeverity: Record<string, number>; clusters: string[] };

/** The ground truth of a blast radius: EKS findings `match` selects, archived or not (all seeded within 90 days). */
function truth(findings: Finding[], match: (f: Finding) => boolean): Counts {
  const hit = findings.filter((f) => f.Resource?.ResourceType === 'EKSCluster' && match(f));
  const band = (s: number) => (s >= 9 ? 'critical' : s >= 7 ? 'high' : s >= 4 ? 'medium' : 'low');
  const bySeverity: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const f of hit) bySeverity[band(f.Severity ?? 0)]!++;
  return {
    total: hit.length,
    active: hit.filter((f) => !f.Service?.Archived).length,
    bySeverity,
    clusters: [...new Set(hit.map((f) => f.Resource?.EksClusterDetails?.Name ?? ''))].sort(),
  };
}

interface Result {
  action: string | null;
  changes: Array<{ target: string; from: string | null; to: string }>;
  rule: { name: string; action: string; rank: number | null; criteria: { Criterion: Record<string, unknown> } } | null;
  matches?: Counts & { method: string };
  warnings: string[];
  archived?: number;
  error?: { code: string; message: string };
}

describe('gdeks suppress (built binary, test server)', () => {
  let server: RunningServer;
  let findings: Finding[];
  const gdeks = (args: string[], s = server) => runBin(['suppress', ...args, '--endpoint-url', s.url], { env: { AWS_REGION: REGION } });
  const json = async (args: string[]) => {
    const r = await gdeks([...args, '-o', 'json']);
    return { ...r, results: (JSON.parse(r.stdout || '{"results":[]}') as { results: Result[] }).results };
  };
  const filterNames = async (s = server) => (await sdk(s, REGION).send(new ListFiltersCommand({ DetectorId: await detectorOf(s, REGION) }))).FilterNames ?? [];
  const writes = () => ['CreateFilter', 'UpdateFilter', 'DeleteFilter', 'ArchiveFindings'].reduce((n, op) => n + (server.stats.byOperation[op] ?? 0), 0);

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 31, findings: 400 });
    findings = await allFindings(server, REGION);
  });
  afterAll(async () => server?.close());

  it('add --dry-run: the plan and the blast radius (exact: the same as counting every finding), nothing written', async () => {
    const before = writes();
    const r = await json(['add', 'kube-exec', '--type', EXEC, '--dry-run']);
    expect(r.code).toBe(0);
    const [res] = r.results;
    expect(res?.action).toBe('created');
    expect(res?.rule?.criteria.Criterion).toEqual({ 'resource.resourceType': { Equals: ['EKSCluster'] }, type: { Equals: [EXEC] } });
    const expected = truth(findings, (f) => f.Type === EXEC);
    expect(expected.total).toBeGreaterThan(0);
    expect(res?.matches).toMatchObject({ ...expected, method: 'statistics' });
    expect(writes()).toBe(before);
    expect(await filterNames()).toEqual([]);
  });

  it('a wildcard rule is counted by listing, and agrees with the ground truth', async () => {
    const r = await json(['add', 'coredns', '--pod', 'coredns-*', '--dry-run']);
    expect(r.code).toBe(0);
    const expected = truth(findings, (f) => (f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Name ?? '').startsWith('coredns-'));
    expect(expected.total).toBeGreaterThan(0);
    expect(r.results[0]?.matches).toMatchObject({ ...expected, method: 'listing' });
  });

  it('warns loudly (table on stdout, note on stderr with -o json) when HIGH/CRITICAL findings or several clusters would be hidden', async () => {
    const table = await gdeks(['add', 'wide', '--severity', 'high', '--dry-run']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/⚠ WARNING: this rule would have hidden (\d+ CRITICAL)?( and )?(\d+ HIGH)? findings? in the last 90 days/);
    expect(table.stdout).toMatch(/⚠ WARNING: this rule matches findings from \d+ clusters/);
    const r = await json(['add', 'wide', '--severity', 'high', '--dry-run']);
    expect(r.stderr).toMatch(/note: us-east-1: WARNING: wide: this rule would have hidden/);
    expect(r.results[0]?.warnings.length).toBe(2);
  });

  it('add creates the filter as planned; the same again writes nothing; new matching findings arrive archived', async () => {
    const r = await json(['add', 'kube-exec', '--type', EXEC, '--description', 'exec in kube-system (tests)']);
    expect(r.code).toBe(0);
    expect(r.results[0]?.action).toBe('created');
    const got = await sdk(server, REGION).send(new GetFilterCommand({ DetectorId: await detectorOf(server, REGION), FilterName: 'kube-exec' }));
    expect(got.Action).toBe('ARCHIVE');
    expect(got.FindingCriteria).toEqual(r.results[0]?.rule?.criteria);
    expect(got.Description).toBe('exec in kube-system (tests)');

    const before = writes();
    const again = await json(['add', 'kube-exec', '--type', EXEC]);
    expect(again.code).toBe(0);
    expect(again.results[0]).toMatchObject({ action: 'unchanged', changes: [] });
    expect(writes()).toBe(before);

    const sample = await runBin(['findings', 'sample', '--type', EXEC, '--endpoint-url', server.url], { env: { AWS_REGION: REGION } });
    expect(sample.code).toBe(0);
    const now = await allFindings(server, REGION);
    const samples = now.filter((f) => f.Type === EXEC && !findings.some((o) => o.Id === f.Id));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((f) => f.Service?.Archived === true)).toBe(true);
    findings = now;
  });

  it('different criteria: --check shows the diff and exits 3 without writing; then UpdateFilter', async () => {
    const before = writes();
    const check = await json(['add', 'kube-exec', '--type', EXEC, '--namespace', 'kube-system', '--check']);
    expect(check.code).toBe(3);
    expect(check.results[0]?.changes).toEqual([{ target: 'criteria --namespace', from: null, to: 'kube-system' }]);
    // The samples made above are in the blast radius, and said to be samples (the rule hides alerting tests too).
    const samples = findings.filter((f) => f.Type === EXEC && (f.Service?.AdditionalInfo?.Value ?? '').includes('"sample":true'));
    expect(samples.length).toBeGreaterThan(0);
    expect((check.results[0]?.matches as unknown as { samples: number }).samples).toBe(samples.length);
    expect(writes()).toBe(before);
    const update = await gdeks(['add', 'kube-exec', '--type', EXEC, '--namespace', 'kube-system']);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/criteria --namespace +\(not set\) → kube-system/);
    expect(update.stdout).toMatch(/✓ rule updated \(1 change\)/);
    expect(server.stats.byOperation.UpdateFilter).toBe(1);
  });

  it('--archive-existing archives the matching findings that are active today, after the rule exists', async () => {
    const match = (f: Finding) => f.Resource?.ResourceType === 'EKSCluster' && f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace === 'kube-system' && f.Type === EXEC;
    const active = findings.filter((f) => match(f) && !f.Service?.Archived);
    expect(active.length).toBeGreaterThan(0);
    const dry = await json(['add', 'kube-exec', '--type', EXEC, '--namespace', 'kube-system', '--archive-existing', '--dry-run']);
    expect(dry.results[0]?.archived).toBe(active.length);
    const r = await json(['add', 'kube-exec', '--type', EXEC, '--namespace', 'kube-system', '--archive-existing']);
    expect(r.code).toBe(0);
    expect(r.results[0]?.archived).toBe(active.length);
    const ids = active.map((f) => f.Id ?? '');
    const after = (await sdk(server, REGION).send(new GetFindingsCommand({ DetectorId: await detectorOf(server, REGION), FindingIds: ids.slice(0, 50) }))).Findings ?? [];
    expect(after.every((f) => f.Service?.Archived === true)).toBe(true);
    findings = await allFindings(server, REGION);
  });

  it('list: name, action, rank, criteria in gdeks words; --matches counts what each matches now', async () => {
    await gdeks(['add', 'view-only', '--action', 'noop', '--pod', 'coredns-*']);
    const table = await gdeks(['list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/1 +kube-exec +ARCHIVE +--type Execution:Kubernetes\/ExecInKubeSystemPod --namespace kube-system +exec in kube-system/);
    expect(table.stdout).toMatch(/2 +view-only +NOOP +--pod 'coredns-\*'/);
    const r = await gdeks(['list', '--matches', '-o', 'json']);
    const listed = (JSON.parse(r.stdout) as { filters: Array<{ name: string; matches: Counts }> }).filters;
    const view = listed.find((f) => f.name === 'view-only');
    expect(view?.matches).toMatchObject({ total: truth(findings, (f) => !f.Service?.Archived && (f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Name ?? '').startsWith('coredns-')).total });
  });

  it('remove: --dry-run deletes nothing; then the filter is gone; a name that is not there is not an error', async () => {
    const dry = await json(['remove', 'view-only', '--dry-run']);
    expect(dry.results[0]?.action).toBe('deleted');
    expect(await filterNames()).toContain('view-only');
    const r = await gdeks(['remove', 'view-only']);
    expect(r.code).toBe(0);
    expect(await filterNames()).not.toContain('view-only');
    const again = await gdeks(['remove', 'view-only']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/no filter named view-only; nothing to remove/);
  });

  it('bad input: every problem at once, exit 2, nothing sent', async () => {
    const before = server.stats.requests;
    const r = await gdeks(['add', 'x', '--rank', '101', '--image', '*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rule name "x"/);
    expect(r.stderr).toMatch(/--rank/);
    expect(r.stderr).toMatch(/--image: give a container image/);
    const none = await gdeks(['add', 'everything']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/at least one criterion/);
    expect(server.stats.requests).toBe(before);
  });

  it('the 101st filter is refused before CreateFilter, naming the quota', async () => {
    const full = await startGuardDutyServer({ seed: 3, findings: 20 });
    try {
      const client = sdk(full, REGION);
      const DetectorId = await detectorOf(full, REGION);
      for (let i = 0; i < 100; i++) await client.send(new CreateFilterCommand({ DetectorId, Name: `f-${i}`, FindingCriteria: { Criterion: { severity: { Gte: 1 } } } }));
      const creates = full.stats.byOperation.CreateFilter ?? 0;
      const r = await gdeks(['add', 'one-more', '--cluster', 'prod-eu', '--dry-run'], full);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/GuardDuty allows 100 filters per account and region; 100 exist/);
      expect(full.stats.byOperation.CreateFilter ?? 0).toBe(creates);
    } finally {
      await full.close();
    }
  });

  it('a member account is told the administrator account, and nothing is sent', async () => {
    const member = await startGuardDutyServer({ seed: 3, findings: 20, memberOf: '111122223333' });
    try {
      const r = await gdeks(['add', 'scanner', '--cluster', 'prod-eu'], member);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/member of administrator account 111122223333; only the administrator account can create, change or delete suppression rules/);
      expect(member.stats.byOperation.CreateFilter ?? 0).toBe(0);
    } finally {
      await member.close();
    }
  });
});

describe('gdeks suppress apply --file (built binary, test server)', () => {
  let server: RunningServer;
  let dir: string;
  const gdeks = (args: string[]) => runBin(['suppress', ...args, '--endpoint-url', server.url], { env: { AWS_REGION: REGION } });
  const file = (name: string, rules: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof rules === 'string' ? rules : JSON.stringify(rules, null, 2));
    return path;
  };
  const filters = async () => {
    const client = sdk(server, REGION);
    const DetectorId = await detectorOf(server, REGION);
    const names = (await client.send(new ListFiltersCommand({ DetectorId }))).FilterNames ?? [];
    return Promise.all(names.map(async (FilterName) => client.send(new GetFilterCommand({ DetectorId, FilterName }))));
  };

  beforeAll(async () => {
    server = await startGuardDutyServer({ seed: 5, findings: 150 });
    dir = mkdtempSync(join(tmpdir(), 'gdeks-rules-'));
    const client = sdk(server, REGION);
    const DetectorId = await detectorOf(server, REGION);
    // Made elsewhere (the console): an ARCHIVE rule the file does not name, and a saved view.
    await client.send(new CreateFilterCommand({ DetectorId, Name: 'console-rule', Action: 'ARCHIVE', FindingCriteria: { Criterion: { severity: { Lt: 2 } } } }));
    await client.send(new CreateFilterCommand({ DetectorId, Name: 'console-view', Action: 'NOOP', FindingCriteria: { Criterion: { severity: { Gte: 7 } } } }));
  });
  afterAll(async () => server?.close());

  const rules = [
    { name: 'kube-exec', description: 'exec in kube-system', match: { type: EXEC, namespace: 'kube-system' } },
    { name: 'coredns', match: { pod: 'coredns-*', cluster: ['prod-eu', 'staging'] } },
  ];

  it('a bad file: every problem located, exit 2, nothing sent', async () => {
    const before = server.stats.requests;
    const r = await gdeks(['apply', '--file', file('bad.json', '[{"name": "x", "match": {"clster": "a"}}, {"name": "ok-name"}]')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:1:11: rule name "x"/);
    expect(r.stderr).toMatch(/bad\.json:1:26: unknown key "clster"; did you mean "cluster"\?/);
    expect(r.stderr).toMatch(/bad\.json:1:43: this rule has no "match"/);
    expect(r.stderr).toMatch(/3 problems; nothing was sent to AWS/);
    expect(server.stats.requests).toBe(before);
  });

  it('--dry-run, then apply with --prune: rules created, the unnamed ARCHIVE rule deleted, the saved view kept; then no drift', async () => {
    const path = file('rules.json', rules);
    const dry = await gdeks(['apply', '--file', path, '--prune', '--dry-run', '-o', 'json']);
    expect(dry.code).toBe(0);
    const planned = (JSON.parse(dry.stdout) as { results: Result[] }).results;
    expect(planned.map((r) => [r.rule?.name, r.action])).toEqual([['kube-exec', 'created'], ['coredns', 'created'], ['console-rule', 'deleted']]);
    expect(planned[0]?.matches?.total).toBeGreaterThan(0);
    expect((await filters()).map((f) => f.Name).sort()).toEqual(['console-rule', 'console-view']);

    const r = await gdeks(['apply', '--file', path, '--prune']);
    expect(r.code).toBe(0);
    const now = await filters();
    expect(now.map((f) => f.Name).sort()).toEqual(['console-view', 'coredns', 'kube-exec']);
    expect(now.find((f) => f.Name === 'coredns')?.FindingCriteria?.Criterion?.['resource.kubernetesDetails.kubernetesWorkloadDetails.name']).toEqual({ Matches: ['coredns-*'] });

    const check = await gdeks(['apply', '--file', path, '--prune', '--check']);
    expect(check.code).toBe(0);
    expect(check.stdout).not.toMatch(/drift/);
  });

  it('--archive-existing: each ARCHIVE rule, once written, archives what it matches today; --dry-run only counts', async () => {
    const all = await allFindings(server, REGION);
    const WEB = 'web-scanner';
    const CALLER = 'CredentialAccess:Kubernetes/MaliciousIPCaller';
    const match = (f: Finding) => f.Resource?.ResourceType === 'EKSCluster' && f.Type === CALLER && f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace === 'default';
    const active = all.filter((f) => match(f) && !f.Service?.Archived);
    expect(active.length).toBeGreaterThan(0);
    const path = file('archive.json', [...rules, { name: WEB, match: { type: CALLER, namespace: 'default' } }, { name: 'a-view', action: 'noop', match: { type: EXEC } }]);
    const dry = await gdeks(['apply', '--file', path, '--archive-existing', '--dry-run', '-o', 'json']);
    expect(dry.code).toBe(0);
    const planned = (JSON.parse(dry.stdout) as { results: Array<Result & { archived?: number }> }).results;
    expect(planned.find((r) => r.rule?.name === WEB)?.archived).toBe(active.length);
    // A saved view (noop) hides nothing, so it archives nothing.
    expect(planned.find((r) => r.rule?.name === 'a-view')?.archived).toBeUndefined();
    expect((await allFindings(server, REGION)).filter((f) => match(f) && !f.Service?.Archived)).toHaveLength(active.length);

    const r = await gdeks(['apply', '--file', path, '--archive-existing', '-o', 'json']);
    expect(r.code).toBe(0);
    const applied = (JSON.parse(r.stdout) as { results: Array<Result & { archived?: number }> }).results;
    expect(applied.find((x) => x.rule?.name === WEB)).toMatchObject({ action: 'created', archived: active.length });
    expect((await allFindings(server, REGION)).filter((f) => match(f) && !f.Service?.Archived)).toEqual([]);
    expect((await filters()).map((f) => f.Name)).toContain(WEB);
  });

  it('--check after the file changed: exit 3 with the criteria diff, nothing written', async () => {
    const updates = server.stats.byOperation.UpdateFilter ?? 0;
    const changed = [rules[0], { ...rules[1], match: { pod: 'coredns-*', cluster: 'prod-eu' } }];
    const r = await gdeks(['apply', '--file', file('changed.json', changed), '--check']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/criteria --cluster +prod-eu, staging → prod-eu/);
    expect(server.stats.byOperation.UpdateFilter ?? 0).toBe(updates);
  });
});
