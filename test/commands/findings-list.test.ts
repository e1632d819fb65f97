import { BadRequestException, GetFindingsCommand, ListDetectorsCommand, ListFindingsCommand, type Finding } from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';
import { fakeFindingsService, idsOf, makeFinding } from './findings-fixtures.js';

const listCalls = () => guardDutyMock.commandCalls(ListFindingsCommand).map((c) => c.args[0].input);
const getCalls = () => guardDutyMock.commandCalls(GetFindingsCommand).map((c) => c.args[0].input);
const ndjson = (stdout: string): Finding[] => stdout.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
const EKS_ACTIVE = { 'resource.resourceType': { Equals: ['EKSCluster'] }, 'service.archived': { Equals: ['false'] } };

describe('gdeks findings list', () => {
  beforeEach(resetAwsMocks);

  it('pages through ListFindings and fetches each page with one GetFindings of at most 50 ids, in listing order', async () => {
    const svc = fakeFindingsService({ 'us-east-1': 120 });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson']);
    expect(r.code).toBe(0);
    expect(listCalls()).toHaveLength(3);
    expect(listCalls().map((c) => c.NextToken)).toEqual([undefined, '50', '100']);
    expect(getCalls().map((c) => c.FindingIds?.length)).toEqual([50, 50, 20]);
    // GetFindings answered in reverse; the output is still in ListFindings order, each finding once.
    const out = ndjson(r.stdout);
    expect(idsOf(out)).toEqual(idsOf(svc.findings.get('us-east-1') ?? []));
    expect(out[0]).toEqual(svc.findings.get('us-east-1')?.[0]);
  });

  it('sends exactly the criteria and sort the flags ask for', async () => {
    fakeFindingsService({ 'us-east-1': 1 });
    const before = Date.now();
    const r = await runCli([
      'findings', 'list', '--region', 'us-east-1', '-o', 'json',
      '--severity', 'high', '--cluster', 'prod', '--cluster', 'staging', '--namespace', 'kube-system',
      '--type', 'Policy:Kubernetes', '--since', '24h', '--sort', 'updated',
    ]);
    expect(r.code).toBe(0);
    const input = listCalls()[0];
    const since = input?.FindingCriteria?.Criterion?.updatedAt?.GreaterThanOrEqual ?? 0;
    expect(since).toBeGreaterThanOrEqual(before - 86_400_000);
    expect(since).toBeLessThanOrEqual(Date.now() - 86_400_000);
    expect(input).toEqual({
      DetectorId: 'det-1',
      MaxResults: 50,
      SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'DESC' },
      FindingCriteria: {
        Criterion: {
          ...EKS_ACTIVE,
          severity: { GreaterThanOrEqual: 7 },
          'resource.eksClusterDetails.name': { Equals: ['prod', 'staging'] },
          'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { Equals: ['kube-system'] },
          type: {
            Equals: [
              'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
              'Policy:Kubernetes/AnonymousAccessGranted',
              'Policy:Kubernetes/ExposedDashboard',
              'Policy:Kubernetes/KubeflowDashboardExposed',
            ],
          },
          updatedAt: { GreaterThanOrEqual: since },
        },
      },
    });
    expect(getCalls()[0]).toEqual({ DetectorId: 'det-1', FindingIds: [makeFinding(0).Id] });
  });

  it('--type, --namespace and --cluster given twice each select findings matching either value', async () => {
    fakeFindingsService({ 'us-east-1': 1 });
    const r = await runCli([
      'findings', 'list', '--region', 'us-east-1', '-o', 'json',
      '--type', 'Execution:Kubernetes/ExecInKubeSystemPod', '--type', 'CryptoCurrency:Runtime/BitcoinDomainRequest.Reputation',
      '--namespace', 'a', '--namespace', 'b', '--cluster', 'x', '--cluster', 'y',
    ]);
    expect(r.code).toBe(0);
    expect(listCalls()[0]?.FindingCriteria?.Criterion).toEqual({
      ...EKS_ACTIVE,
      type: { Equals: ['Execution:Kubernetes/ExecInKubeSystemPod', 'CryptoCurrency:Runtime/BitcoinDomainRequest.Reputation'] },
      'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { Equals: ['a', 'b'] },
      'resource.eksClusterDetails.name': { Equals: ['x', 'y'] },
    });
  });

  it('--type prefixes given twice: the types of both', async () => {
    fakeFindingsService({ 'us-east-1': 1 });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '--type', 'Execution', '--type', 'CryptoCurrency']);
    expect(r.code).toBe(0);
    const types = listCalls()[0]?.FindingCriteria?.Criterion?.type?.Equals ?? [];
    expect(types.some((t) => t.startsWith('Execution:'))).toBe(true);
    expect(types.some((t) => t.startsWith('CryptoCurrency:'))).toBe(true);
  });

  it.each([
    [['--severity', 'high', '--severity', 'low'], /--severity given twice/],
    [['--region', 'eu-west-1'], /--region given twice/],
    [['-o', 'json', '--output', 'ndjson'], /--output given twice/],
    [['--limit', '5', '--limit', '6'], /--limit given twice/],
  ])('%j: a single-valued option given twice is a usage error, nothing sent', async (extra, message) => {
    fakeFindingsService({ 'us-east-1': 1 });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('default: severity DESC, archived findings hidden; --archived shows them', async () => {
    fakeFindingsService({ 'us-east-1': 1 });
    await runCli(['findings', 'list', '--region', 'us-east-1']);
    await runCli(['findings', 'list', '--region', 'us-east-1', '--archived']);
    const [plain, archived] = listCalls();
    expect(plain?.SortCriteria).toEqual({ AttributeName: 'severity', OrderBy: 'DESC' });
    expect(plain?.FindingCriteria).toEqual({ Criterion: EKS_ACTIVE });
    expect(archived?.FindingCriteria).toEqual({ Criterion: { 'resource.resourceType': { Equals: ['EKSCluster'] } } });
  });

  it('--limit stops listing once its findings are known (here each severity run is one finding long)', async () => {
    fakeFindingsService({ 'us-east-1': 500 });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson', '--limit', '70']);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout)).toHaveLength(70);
    expect(listCalls().length).toBeLessThan(10);
    expect(r.stderr).toMatch(/showing the first 70 \(--limit\); more findings match/);
  });

  it('GetFindings for a page overlaps with listing the next pages', async () => {
    fakeFindingsService({ 'us-east-1': 150 });
    let listedWhileFirstGetPending = 0;
    // The first GetFindings answers only once the listing has moved on (or after 2 s, which fails the test).
    let gets = 0;
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => {
      if (gets++ === 0) {
        const deadline = Date.now() + 2000;
        while (guardDutyMock.commandCalls(ListFindingsCommand).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        listedWhileFirstGetPending = guardDutyMock.commandCalls(ListFindingsCommand).length;
      }
      const start = Number(input.FindingIds[0]?.slice(1));
      return { Findings: input.FindingIds.map((_, i) => makeFinding(start + i)) };
    });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(listedWhileFirstGetPending).toBe(3);
    expect(ndjson(r.stdout)).toHaveLength(150);
  });

  it('the listing runs at most 8 pages ahead of the output (memory stays flat)', async () => {
    fakeFindingsService({ 'us-east-1': 2000 });
    let listedWhileFirstGetStuck = 0;
    let gets = 0;
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => {
      if (gets++ === 0) {
        await new Promise((r) => setTimeout(r, 200));
        listedWhileFirstGetStuck = guardDutyMock.commandCalls(ListFindingsCommand).length;
      }
      const start = Number(input.FindingIds[0]?.slice(1));
      return { Findings: input.FindingIds.map((_, i) => makeFinding(start + i)) };
    });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson']);
    expect(r.code).toBe(0);
    expect(listedWhileFirstGetStuck).toBe(8);
    expect(ndjson(r.stdout)).toHaveLength(2000);
  });

  it('prints a finding listed twice (paging while findings change) only once', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    const a = makeFinding(1);
    const b = makeFinding(2);
    const c = makeFinding(3);
    guardDutyMock
      .on(ListFindingsCommand)
      .resolvesOnce({ FindingIds: [a.Id ?? '', b.Id ?? ''], NextToken: 't1' })
      .resolvesOnce({ FindingIds: [b.Id ?? '', c.Id ?? ''] });
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => ({
      Findings: [a, b, c].filter((f) => input.FindingIds.includes(f.Id ?? '')),
    }));
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson']);
    expect(idsOf(ndjson(r.stdout))).toEqual([a.Id, b.Id, c.Id]);
    expect(getCalls().map((x) => x.FindingIds)).toEqual([[a.Id, b.Id], [c.Id]]);
  });

  it('--fail-on exits 3 when a listed finding is at or above the level, after printing everything', async () => {
    fakeFindingsService({ 'us-east-1': 3 }); // severities 2, 5, 8
    const high = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'json', '--fail-on', 'high']);
    expect(high.code).toBe(3);
    expect(JSON.parse(high.stdout)).toHaveLength(3);
    expect(high.stderr).toMatch(/--fail-on high: 1 finding at high or above/);
    expect((await runCli(['findings', 'list', '--region', 'us-east-1', '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['findings', 'list', '--region', 'us-east-1', '--fail-on', 'medium'])).code).toBe(3);
  });

  it('--severity and --fail-on take a score 1–10: that score or above', async () => {
    fakeFindingsService({ 'us-east-1': 3 }); // severities 2, 5, 8
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'json', '--severity', '5', '--fail-on', '8']);
    expect(r.code).toBe(3);
    expect(listCalls()[0]?.FindingCriteria?.Criterion?.severity).toEqual({ GreaterThanOrEqual: 5 });
    expect(r.stderr).toMatch(/--fail-on 8: 1 finding at 8 or above/);
    expect((await runCli(['findings', 'list', '--region', 'us-east-1', '--fail-on', '9'])).code).toBe(0);
  });

  it('sample findings are marked in the table and count toward --fail-on, which says so', async () => {
    const svc = fakeFindingsService({ 'us-east-1': 3 }); // severities 2, 5, 8
    const list = svc.findings.get('us-east-1') ?? [];
    const high = list[2] as Finding;
    list[2] = { ...high, Service: { ...high.Service, AdditionalInfo: { Value: '{"sample":true}', Type: 'default' } } };
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '--fail-on', 'high']);
    expect(r.code).toBe(3);
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    expect(rows.filter((row) => row.includes('[sample]'))).toEqual([expect.stringMatching(new RegExp(`^HIGH +\\[sample\\] Exec\\S*/ExecInKube\\S* .*${high.Id}$`))]);
    expect(r.stderr).toMatch(/--fail-on high: 1 finding at high or above \(a sample\)/);
    // -o json stays exactly what GuardDuty returned.
    const json = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(list);
  });

  it('--fail-on ignores findings the filters left out', async () => {
    fakeFindingsService({ 'us-east-1': 0 });
    expect((await runCli(['findings', 'list', '--region', 'us-east-1', '--fail-on', 'low'])).code).toBe(0);
  });

  it('a failed region: the other regions are still printed whole, the error goes to stderr, exit 1', async () => {
    fakeFindingsService({ 'us-east-1': 60, 'ap-south-1': 5 });
    guardDutyMock.on(ListFindingsCommand).callsFake(async (input: { MaxResults?: number; NextToken?: string }, getClient) => {
      const region = await getClient().config.region();
      if (region === 'eu-west-1') {
        throw new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request is rejected because the input detectorId is not owned by the current account.' });
      }
      const n = region === 'us-east-1' ? 60 : 5;
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const end = Math.min(n, start + 50);
      return { FindingIds: Array.from({ length: end - start }, (_, i) => makeFinding(start + i, region).Id), NextToken: end < n ? String(end) : undefined };
    });
    const r = await runCli(['findings', 'list', '--regions', 'us-east-1,eu-west-1,ap-south-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Finding[];
    expect(out.filter((f) => f.Region === 'us-east-1')).toHaveLength(60);
    expect(out.filter((f) => f.Region === 'ap-south-1')).toHaveLength(5);
    expect(new Set(idsOf(out.filter((f) => f.Region === 'us-east-1'))).size).toBe(60);
    expect(r.stderr).toMatch(/error: .*ListFindings in eu-west-1.*not owned/);
  });

  it('a region without a detector is a clear exit-1 error naming the fix', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['findings', 'list', '--region', 'eu-north-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/eu-north-1: no GuardDuty detector; run `gdeks enable --features <file> --region eu-north-1` first/);
    expect(listCalls()).toHaveLength(0);
  });

  it('Ctrl-C mid-listing: fetching stops, the JSON array printed so far is closed, exit 130', async () => {
    fakeFindingsService({ 'us-east-1': 300 });
    const controller = new AbortController();
    const page = guardDutyMock.on(ListFindingsCommand);
    page.callsFake(async (input: { NextToken?: string }) => {
      const start = input.NextToken ? Number(input.NextToken) : 0;
      if (start === 100) {
        // Let the first two pages reach stdout, then the user presses Ctrl-C.
        await new Promise((r) => setTimeout(r, 30));
        controller.abort(new InterruptedError('SIGINT'));
      }
      return { FindingIds: Array.from({ length: 50 }, (_, i) => makeFinding(start + i).Id), NextToken: String(start + 50) };
    });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'json'], { signal: controller.signal });
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout) as Finding[];
    expect(idsOf(out)).toEqual(Array.from({ length: 100 }, (_, i) => makeFinding(i).Id));
    expect(listCalls()).toHaveLength(3); // nothing listed after the interruption
  });

  it('Ctrl-C twice ("quit now"): the JSON array is closed before the process exits, without waiting for requests', async () => {
    fakeFindingsService({ 'us-east-1': 300 });
    const before = process.listeners('SIGINT');
    let captured = () => '';
    let stdoutAtExit: string | undefined;
    let exitCode: number | undefined;
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exitCode ??= code;
    }) as typeof process.exit);
    const page = guardDutyMock.on(ListFindingsCommand);
    page.callsFake(async (input: { NextToken?: string }) => {
      const start = input.NextToken ? Number(input.NextToken) : 0;
      if (start === 100) {
        await new Promise((r) => setTimeout(r, 30));
        // Two presses in a row, delivered to gdeks' own handlers (other listeners, such as the test runner's, are left alone).
        const gdeks = process.listeners('SIGINT').filter((l) => !before.includes(l));
        expect(gdeks).toHaveLength(1);
        gdeks[0]?.('SIGINT');
        gdeks[0]?.('SIGINT');
        stdoutAtExit = captured();
      }
      return { FindingIds: Array.from({ length: 50 }, (_, i) => makeFinding(start + i).Id), NextToken: String(start + 50) };
    });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'json'], { processSignals: true, onOutput: (get) => (captured = get) });
    // The exit waits for stdout to flush (asynchronous on a pipe), at most a second.
    await vi.waitFor(() => expect(exitCode).toBe(130), { timeout: 3000 });
    // What a reader had when the process ended: a closed array of the findings printed so far.
    expect(idsOf(JSON.parse(stdoutAtExit ?? '') as Finding[])).toEqual(Array.from({ length: 100 }, (_, i) => makeFinding(i).Id));
    // The normal unwinding after that (only possible here, where exit is a stub) does not close it twice.
    expect(r.stdout).toBe(stdoutAtExit);
    expect(process.listeners('SIGINT')).toEqual(before);
  });

  it('Ctrl-C with ndjson leaves only whole lines', async () => {
    fakeFindingsService({ 'us-east-1': 300 });
    const controller = new AbortController();
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => {
      if (guardDutyMock.commandCalls(GetFindingsCommand).length === 3) controller.abort(new InterruptedError('SIGINT'));
      const start = Number(input.FindingIds[0]?.slice(1));
      return { Findings: input.FindingIds.map((_, i) => makeFinding(start + i)) };
    });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', '-o', 'ndjson'], { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stdout === '' || r.stdout.endsWith('\n')).toBe(true);
    const out = ndjson(r.stdout);
    expect(out.length % 50).toBe(0);
    expect(out.length).toBeLessThan(300);
  });

  it('table: most severe first, then newest; empty listings say so on stderr', async () => {
    fakeFindingsService({ 'us-east-1': 6 });
    const r = await runCli(['findings', 'list', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW', 'LOW']);
    // Within a band the newest (lowest index in the fixture) comes first.
    expect(rows[0]).toContain(makeFinding(2).Id);
    expect(rows[1]).toContain(makeFinding(5).Id);

    resetAwsMocks();
    fakeFindingsService({ 'us-east-1': 0 });
    const empty = await runCli(['findings', 'list', '--region', 'us-east-1']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/No EKS findings match/);
  });

  it.each([
    [['--severity', 'severe'], /--severity: "severe".*low, medium, high, critical/],
    [['--since', 'lastweek'], /--since/],
    [['--limit', '-3'], /--limit/],
    [['--sort', 'name'], /--sort: "name".*severity, updated/],
    [['--fail-on', 'all'], /--fail-on/],
    [['--fail-on', '11'], /--fail-on: 11 is out of range: GuardDuty severity scores run from 1 to 10/],
    [['--severity', '0'], /--severity: 0 is out of range/],
    [['--type', 'nonsense'], /--type/],
  ])('bad flag %j: exit 2 before any AWS call', async (flags, message) => {
    const r = await runCli(['findings', 'list', '--region', 'us-east-1', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stdout).toBe('');
  });
});
