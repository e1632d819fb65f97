// The test server's Account API route (ListRegions, for `--regions all`) against the botocore account model:
// method, URI and body members, the answer's shape, the status filter and pagination. The model part is skipped,
// saying why, where python3 + botocore is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ROUTES } from './account.js';
import { checkShape, loadModel, type Model } from './model-shapes.js';
import { startGuardDutyServer, type RunningServer } from './server.js';

const model = loadModel('account', '2021-02-01');
const skip = typeof model === 'string' ? model : undefined;

describe('ListRegions on the test server', () => {
  let server: RunningServer;
  let denied: RunningServer;
  beforeAll(async () => {
    [server, denied] = await Promise.all([startGuardDutyServer(), startGuardDutyServer({ account: { denyListRegions: true } })]);
  });
  afterAll(async () => Promise.all([server.close(), denied.close()]));
  const listRegions = async (s: RunningServer, body: unknown) => {
    const res = await fetch(`${s.url}/listRegions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: (await res.json()) as { Regions?: Array<{ RegionName: string; RegionOptStatus: string }>; NextToken?: string } };
  };

  it.skipIf(skip !== undefined)(`matches the model${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const m = model as Model;
    for (const route of ACCOUNT_ROUTES) {
      const op = m.operations[route.operation];
      expect(op, route.operation).toBeDefined();
      expect(`${op?.http.method} ${op?.http.requestUri.split('?')[0]}`).toBe(`${route.method} ${route.uri}`);
      const input = op?.input ? m.shapes[op.input.shape] : undefined;
      const bodyMembers = Object.entries(input?.members ?? {}).filter(([, mem]) => mem.location === undefined).map(([name, mem]) => mem.locationName ?? name);
      expect([...route.members].sort()).toEqual(bodyMembers.sort());
    }
    const errors: string[] = [];
    checkShape(m, 'ListRegionsResponse', (await listRegions(server, { MaxResults: 5 })).json, 'ListRegions', errors);
    expect(errors).toEqual([]);
    expect(m.shapes.RegionOptStatus?.enum?.sort()).toEqual(['DISABLED', 'DISABLING', 'ENABLED', 'ENABLED_BY_DEFAULT', 'ENABLING']);
  });

  it('filters by RegionOptStatusContains and pages by MaxResults and NextToken', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { status, json } = await listRegions(server, { MaxResults: 4, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], ...(token ? { NextToken: token } : {}) });
      expect(status).toBe(200);
      for (const r of json.Regions ?? []) {
        expect(['ENABLED', 'ENABLED_BY_DEFAULT']).toContain(r.RegionOptStatus);
        names.push(r.RegionName);
      }
      token = json.NextToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    expect(names).toContain('us-east-1');
    expect(names).not.toContain('af-south-1');
    const all = (await listRegions(server, {})).json.Regions ?? [];
    expect(all.some((r) => r.RegionName === 'af-south-1' && r.RegionOptStatus === 'DISABLED')).toBe(true);
  });

  it('a bad MaxResults or status is a ValidationException; a denied caller gets AccessDeniedException', async () => {
    expect((await listRegions(server, { MaxResults: 51 })).errorType).toBe('ValidationException');
    expect((await listRegions(server, { RegionOptStatusContains: ['ON'] })).errorType).toBe('ValidationException');
    const d = await listRegions(denied, {});
    expect(d.status).toBe(403);
    expect(d.errorType).toBe('AccessDeniedException');
  });
});
