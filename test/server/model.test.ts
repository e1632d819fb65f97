// Checks the server against the botocore GuardDuty model (the authority for URIs, wire names, types and
// enums): every route's method, URI and body members, and every response body the server produces.
// Skipped, saying why, where python3 + botocore is not installed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShape as check, loadModel, type Model } from './model-shapes.js';
import { ROUTES } from './routes.js';
import { startGuardDutyServer, type RunningServer } from './server.js';

const model = loadModel();
const skip = typeof model === 'string' ? model : undefined;

describe.skipIf(skip !== undefined)(`against the botocore model${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const m = model as Model;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z', findings: 120 });
  });
  afterAll(() => server.close());

  it('routes match the model: method, URI and body members', () => {
    for (const route of ROUTES) {
      const op = m.operations[route.operation];
      expect(op, route.operation).toBeDefined();
      if (!op) continue;
      const uri = route.suffix === null ? '/detector' : `/detector/{DetectorId}${route.suffix}`;
      expect(`${op.http.method} ${op.http.requestUri.split('?')[0]}`, route.operation).toBe(`${route.method} ${uri}`);
      const input = op.input ? m.shapes[op.input.shape] : undefined;
      const bodyMembers = Object.entries(input?.members ?? {}).filter(([, mem]) => mem.location === undefined).map(([name, mem]) => mem.locationName ?? name);
      expect([...route.members].sort(), route.operation).toEqual(bodyMembers.sort());
    }
  });

  it('every response body fits the operation output shape', async () => {
    const call = async (operation: string, method: string, path: string, body?: unknown): Promise<void> => {
      const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(server.url + path, init);
      const json: unknown = await res.json();
      expect(res.status, `${operation} ${JSON.stringify(json)}`).toBe(200);
      const errors: string[] = [];
      const out = m.operations[operation]?.output?.shape;
      if (out) check(m, out, json, operation, errors);
      // The model marks Administrator required, but a standalone (non-member) account has none: we answer {}.
      const expected = operation === 'GetAdministratorAccount' ? ['GetAdministratorAccount: missing required administrator'] : [];
      expect(errors, operation).toEqual(expected);
    };
    const list = (await (await fetch(`${server.url}/detector`)).json()) as { detectorIds: string[] };
    const id = list.detectorIds[0] ?? '';
    await call('ListDetectors', 'GET', '/detector');
    await call('UpdateDetector', 'POST', `/detector/${id}`, { features: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] }] });
    await call('GetDetector', 'GET', `/detector/${id}`);
    await call('GetAdministratorAccount', 'GET', `/detector/${id}/administrator`);
    await call('CreateSampleFindings', 'POST', `/detector/${id}/findings/create`, {});
    await call('CreateSampleFindings', 'POST', `/detector/${id}/findings/create`, { findingTypes: ['Recon:EC2/PortProbeUnprotectedPort', 'UnauthorizedAccess:S3/TorIPCaller', 'Discovery:Kubernetes/TorIPCaller'] });
    await call('ListFindings', 'POST', `/detector/${id}/findings`, { maxResults: 50, sortCriteria: { attributeName: 'severity', orderBy: 'DESC' } });
    // Every finding, seeded and sample, against the Finding shape.
    let token: string | undefined;
    do {
      const page = (await (await fetch(`${server.url}/detector/${id}/findings`, { method: 'POST', body: JSON.stringify(token ? { nextToken: token } : {}) })).json()) as { findingIds: string[]; nextToken?: string };
      await call('GetFindings', 'POST', `/detector/${id}/findings/get`, { findingIds: page.findingIds });
      token = page.nextToken;
    } while (token);
    await call('ArchiveFindings', 'POST', `/detector/${id}/findings/archive`, { findingIds: [] });
    await call('UnarchiveFindings', 'POST', `/detector/${id}/findings/unarchive`, { findingIds: [] });
    for (const groupBy of ['SEVERITY', 'FINDING_TYPE', 'ACCOUNT', 'DATE', 'RESOURCE']) {
      await call('GetFindingsStatistics', 'POST', `/detector/${id}/findings/statistics`, { groupBy });
    }
    await call('GetFindingsStatistics', 'POST', `/detector/${id}/findings/statistics`, { findingStatisticTypes: ['COUNT_BY_SEVERITY'] });
    await call('ListCoverage', 'POST', `/detector/${id}/coverage`, {});
    await call('GetCoverageStatistics', 'POST', `/detector/${id}/coverage/statistics`, { statisticsType: ['COUNT_BY_RESOURCE_TYPE', 'COUNT_BY_COVERAGE_STATUS'] });
    await call('DeleteDetector', 'DELETE', `/detector/${id}`);
    await call('CreateDetector', 'POST', '/detector', { enable: true });
  });
});
