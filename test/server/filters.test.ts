// Findings filters (suppression rules) through the real SDK client: create/get/update/delete/list, the model's
// validation, the 100-filter quota, member accounts, and ARCHIVE rules archiving new (sample) findings only.

import {
  CreateDetectorCommand,
  CreateFilterCommand,
  CreateSampleFindingsCommand,
  DeleteDetectorCommand,
  DeleteFilterCommand,
  GetFilterCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFiltersCommand,
  ListFindingsCommand,
  UpdateFilterCommand,
  paginateListFilters,
  paginateListFindings,
  type CreateFilterCommandInput,
  type FindingCriteria,
} from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { FILTER_LIMIT, FILTER_NOT_FOUND, MAX_FILTERS, MEMBER_CANNOT_FILTER } from './filters.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from './server.js';

const open: RunningServer[] = [];
async function start(options: ServerOptions = {}): Promise<{ server: RunningServer; gd: GuardDutyClient; id: string }> {
  const server = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z', findings: 40, ...options });
  open.push(server);
  const gd = new GuardDutyClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const id = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
  return { server, gd, id };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function rejection(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

const EXEC_IN_POD: FindingCriteria = { Criterion: { type: { Equals: ['Execution:Kubernetes/ExecInKubeSystemPod'] } } };

async function allFindingIds(gd: GuardDutyClient, id: string, criteria: FindingCriteria): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListFindings({ client: gd }, { DetectorId: id, FindingCriteria: criteria })) ids.push(...(page.FindingIds ?? []));
  return ids;
}

describe('filters: CRUD through the SDK', () => {
  it('creates, gets, updates (action, rank, criteria, description) and deletes a filter', async () => {
    const { gd, id } = await start();
    const created = await gd.send(new CreateFilterCommand({
      DetectorId: id,
      Name: 'suppress-kube-system.exec',
      Description: 'Known admin exec (ops runbook: /wiki/exec)',
      Action: 'ARCHIVE',
      Rank: 1,
      FindingCriteria: EXEC_IN_POD,
      Tags: { team: 'security' },
    }));
    expect(created.Name).toBe('suppress-kube-system.exec');
    const got = await gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'suppress-kube-system.exec' }));
    expect(got).toMatchObject({
      Name: 'suppress-kube-system.exec',
      Description: 'Known admin exec (ops runbook: /wiki/exec)',
      Action: 'ARCHIVE',
      Rank: 1,
      FindingCriteria: EXEC_IN_POD,
      Tags: { team: 'security' },
    });

    // Action defaults to NOOP; without a rank the filter goes last.
    await gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'high-only', FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 } } } }));
    expect(await gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'high-only' }))).toMatchObject({ Action: 'NOOP', Rank: 2 });

    const updated = await gd.send(new UpdateFilterCommand({
      DetectorId: id,
      FilterName: 'high-only',
      Action: 'ARCHIVE',
      Rank: 1,
      Description: 'now a rule',
      FindingCriteria: { Criterion: { 'resource.eksClusterDetails.name': { Matches: ['stag*'] } } },
    }));
    expect(updated.Name).toBe('high-only');
    expect(await gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'high-only' }))).toMatchObject({
      Action: 'ARCHIVE',
      Rank: 1,
      Description: 'now a rule',
      FindingCriteria: { Criterion: { 'resource.eksClusterDetails.name': { Matches: ['stag*'] } } },
    });
    expect((await gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'suppress-kube-system.exec' }))).Rank).toBe(2);
    expect((await gd.send(new ListFiltersCommand({ DetectorId: id }))).FilterNames).toEqual(['high-only', 'suppress-kube-system.exec']);

    await gd.send(new DeleteFilterCommand({ DetectorId: id, FilterName: 'high-only' }));
    expect((await gd.send(new ListFiltersCommand({ DetectorId: id }))).FilterNames).toEqual(['suppress-kube-system.exec']);
    expect((await gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'suppress-kube-system.exec' }))).Rank).toBe(1);
  });

  it('a retried create with the same client token returns the same filter; a second name clash is a 400', async () => {
    const { gd, id } = await start();
    const input: CreateFilterCommandInput = { DetectorId: id, Name: 'retry-me', FindingCriteria: EXEC_IN_POD, ClientToken: 'token-1' };
    expect((await gd.send(new CreateFilterCommand(input))).Name).toBe('retry-me');
    expect((await gd.send(new CreateFilterCommand(input))).Name).toBe('retry-me');
    const err = await rejection(gd.send(new CreateFilterCommand({ ...input, ClientToken: 'token-2' })));
    expect(err).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect((await gd.send(new ListFiltersCommand({ DetectorId: id }))).FilterNames).toEqual(['retry-me']);
  });

  it('ListFilters pages with maxResults 1..50 and nextToken, as the paginator expects', async () => {
    const { gd, id } = await start();
    const names = Array.from({ length: 73 }, (_, i) => `filter-${String(i).padStart(3, '0')}`);
    for (const name of names) await gd.send(new CreateFilterCommand({ DetectorId: id, Name: name, FindingCriteria: EXEC_IN_POD }));
    const first = await gd.send(new ListFiltersCommand({ DetectorId: id }));
    expect(first.FilterNames).toHaveLength(50);
    expect(first.NextToken).toBeTruthy();
    const listed: string[] = [];
    let pages = 0;
    for await (const page of paginateListFilters({ client: gd, pageSize: 20 }, { DetectorId: id })) {
      pages++;
      listed.push(...(page.FilterNames ?? []));
    }
    expect(pages).toBe(4);
    expect(listed).toEqual(names);
    for (const bad of [0, 51]) {
      expect(await rejection(gd.send(new ListFiltersCommand({ DetectorId: id, MaxResults: bad })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    expect(await rejection(gd.send(new ListFiltersCommand({ DetectorId: id, NextToken: 'garbage' })))).toMatchObject({ name: 'BadRequestException', status: 400 });
  });
});

describe('filters: validation', () => {
  it('rejects names outside 3..64 letters, digits, _ - . and ranks outside 1..100, bad actions and criteria', async () => {
    const { gd, id } = await start();
    const bad: Array<Partial<CreateFilterCommandInput>> = [
      { Name: 'ab' },
      { Name: 'x'.repeat(65) },
      { Name: 'has space' },
      { Name: 'slash/name' },
      { Name: 'ünïcode' },
      { Rank: 0 },
      { Rank: 101 },
      { Action: 'DELETE' as never },
      { FindingCriteria: { Criterion: {} } },
      { FindingCriteria: { Criterion: { 'no.such.attribute': { Equals: ['x'] } } } },
      { FindingCriteria: { Criterion: { type: { Matches: ['a', 'b', 'c', 'd', 'e', 'f'] } } } },
      { Description: 'semicolons; are not allowed' },
      { Description: 'x'.repeat(513) },
    ];
    for (const change of bad) {
      const err = await rejection(gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'valid-name', FindingCriteria: EXEC_IN_POD, ...change })));
      expect(err, JSON.stringify(change)).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    for (const name of ['abc', 'a'.repeat(64), 'A_b-c.9']) {
      expect((await gd.send(new CreateFilterCommand({ DetectorId: id, Name: name, FindingCriteria: EXEC_IN_POD, Rank: 100 }))).Name).toBe(name);
    }
    // A missing findingCriteria never reaches the wire through the SDK's types; send it raw.
    const res = await fetch(`${open[0]?.url}/detector/${id}/filter`, { method: 'POST', body: JSON.stringify({ name: 'no-criteria' }) });
    expect(res.status).toBe(400);
    const update = await rejection(gd.send(new UpdateFilterCommand({ DetectorId: id, FilterName: 'abc', Rank: 101 })));
    expect(update).toMatchObject({ name: 'BadRequestException', status: 400 });
  });

  it('unknown filter names are a BadRequestException on get, update and delete', async () => {
    const { gd, id } = await start();
    for (const call of [
      () => gd.send(new GetFilterCommand({ DetectorId: id, FilterName: 'nope' })),
      () => gd.send(new UpdateFilterCommand({ DetectorId: id, FilterName: 'nope', Action: 'ARCHIVE' })),
      () => gd.send(new DeleteFilterCommand({ DetectorId: id, FilterName: 'nope' })),
    ]) {
      expect(await rejection(call())).toEqual({ name: 'BadRequestException', status: 400, message: FILTER_NOT_FOUND });
    }
  });

  it('the 101st filter in an account and Region is a 400; another Region has its own 100', async () => {
    const { server, gd, id } = await start();
    for (let i = 0; i < MAX_FILTERS; i++) await gd.send(new CreateFilterCommand({ DetectorId: id, Name: `f-${i}`, FindingCriteria: EXEC_IN_POD }));
    expect(await rejection(gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'one-too-many', FindingCriteria: EXEC_IN_POD })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: FILTER_LIMIT,
    });
    await gd.send(new DeleteFilterCommand({ DetectorId: id, FilterName: 'f-0' }));
    expect((await gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'one-too-many', FindingCriteria: EXEC_IN_POD }))).Name).toBe('one-too-many');

    const eu = new GuardDutyClient({ region: 'eu-west-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
    const euId = (await eu.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
    expect((await eu.send(new CreateFilterCommand({ DetectorId: euId, Name: 'f-0', FindingCriteria: EXEC_IN_POD }))).Name).toBe('f-0');
    expect((await eu.send(new ListFiltersCommand({ DetectorId: euId }))).FilterNames).toEqual(['f-0']);
  });

  it('a member account cannot create or update filters (400), but can list and get', async () => {
    const { gd, id } = await start({ memberOf: '111122223333' });
    expect(await rejection(gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'mine', FindingCriteria: EXEC_IN_POD })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: MEMBER_CANNOT_FILTER,
    });
    expect(await rejection(gd.send(new UpdateFilterCommand({ DetectorId: id, FilterName: 'mine', Action: 'ARCHIVE' })))).toMatchObject({
      name: 'BadRequestException',
      message: MEMBER_CANNOT_FILTER,
    });
    expect((await gd.send(new ListFiltersCommand({ DetectorId: id }))).FilterNames).toEqual([]);
  });

  it("another detector id is not the account's: 400", async () => {
    const { gd } = await start();
    expect(await rejection(gd.send(new ListFiltersCommand({ DetectorId: 'f'.repeat(32) })))).toMatchObject({ name: 'BadRequestException', status: 400 });
  });
});

describe('filters: ARCHIVE is a suppression rule', () => {
  it('new matching sample findings arrive archived; existing findings and non-matching samples are untouched', async () => {
    const { gd, id } = await start();
    const before = await allFindingIds(gd, id, EXEC_IN_POD);
    expect(before.length).toBeGreaterThan(0);
    const archivedBefore = await allFindingIds(gd, id, { Criterion: { 'service.archived': { Equals: ['true'] } } });

    await gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'suppress-exec', Action: 'ARCHIVE', FindingCriteria: EXEC_IN_POD }));
    await gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'just-a-view', Action: 'NOOP', FindingCriteria: { Criterion: { type: { Equals: ['Policy:Kubernetes/ExposedDashboard'] } } } }));
    await gd.send(new CreateSampleFindingsCommand({
      DetectorId: id,
      FindingTypes: ['Execution:Kubernetes/ExecInKubeSystemPod', 'Policy:Kubernetes/ExposedDashboard'],
    }));

    const samples = await allFindingIds(gd, id, { Criterion: { 'service.additionalInfo.sample': { Equals: ['true'] } } });
    const found = (await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: samples }))).Findings ?? [];
    const archivedByType = Object.fromEntries(found.map((f) => [f.Type, f.Service?.Archived]));
    expect(archivedByType).toEqual({ 'Execution:Kubernetes/ExecInKubeSystemPod': true, 'Policy:Kubernetes/ExposedDashboard': false });

    // The seeded findings of that type are as they were: the rule applies to new findings only.
    const existing = (await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: before.slice(0, 50) }))).Findings ?? [];
    for (const f of existing) expect(f.Service?.Archived, f.Id).toBe(archivedBefore.includes(f.Id ?? ''));

    // The default view (unarchived) no longer shows the suppressed sample.
    const unarchived = (await gd.send(new ListFindingsCommand({ DetectorId: id, FindingCriteria: { Criterion: { 'service.archived': { Equals: ['false'] }, ...EXEC_IN_POD.Criterion } }, MaxResults: 50 }))).FindingIds ?? [];
    expect(unarchived.some((x) => samples.includes(x))).toBe(false);
  });

  it('a rule turned to NOOP, or deleted, stops archiving; Matches/NotMatches select by wildcard', async () => {
    const { gd, id } = await start();
    const samples = async (): Promise<Record<string, boolean | undefined>> => {
      const ids = await allFindingIds(gd, id, { Criterion: { 'service.additionalInfo.sample': { Equals: ['true'] } } });
      const found = (await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: ids }))).Findings ?? [];
      return Object.fromEntries(found.map((f) => [f.Type, f.Service?.Archived]));
    };
    await gd.send(new CreateFilterCommand({
      DetectorId: id,
      Name: 'not-prod',
      Action: 'ARCHIVE',
      FindingCriteria: { Criterion: { type: { Matches: ['*:Kubernetes/Tor*'] }, 'resource.eksClusterDetails.name': { NotMatches: ['no-such-*'] } } },
    }));
    await gd.send(new CreateFilterCommand({
      DetectorId: id,
      Name: 'excludes-everything',
      Action: 'ARCHIVE',
      FindingCriteria: { Criterion: { type: { Matches: ['*'] }, 'resource.resourceType': { NotMatches: ['EKS*'] } } },
    }));
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['Discovery:Kubernetes/TorIPCaller', 'Policy:Kubernetes/ExposedDashboard'] }));
    expect(await samples()).toEqual({ 'Discovery:Kubernetes/TorIPCaller': true, 'Policy:Kubernetes/ExposedDashboard': false });

    await gd.send(new UpdateFilterCommand({ DetectorId: id, FilterName: 'not-prod', Action: 'NOOP', FindingCriteria: { Criterion: { type: { Matches: ['*'] } } } }));
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['Impact:Kubernetes/TorIPCaller'] }));
    await gd.send(new UpdateFilterCommand({ DetectorId: id, FilterName: 'not-prod', Action: 'ARCHIVE' }));
    await gd.send(new DeleteFilterCommand({ DetectorId: id, FilterName: 'not-prod' }));
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: id, FindingTypes: ['Persistence:Kubernetes/TorIPCaller'] }));
    const archived = await samples();
    expect(archived['Impact:Kubernetes/TorIPCaller']).toBe(false);
    expect(archived['Persistence:Kubernetes/TorIPCaller']).toBe(false);
  });

  it('deleting the detector drops its filters', async () => {
    const { gd, id } = await start();
    await gd.send(new CreateFilterCommand({ DetectorId: id, Name: 'gone-soon', FindingCriteria: EXEC_IN_POD }));
    await gd.send(new DeleteDetectorCommand({ DetectorId: id }));
    const fresh = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId ?? '';
    expect((await gd.send(new ListFiltersCommand({ DetectorId: fresh }))).FilterNames).toEqual([]);
  });
});
