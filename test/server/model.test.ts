// Checks the server against the botocore GuardDuty model (the authority for URIs, wire names, types and
// enums): every route's method, URI and body members, and every response body the server produces.
// Skipped, saying why, where python3 + botocore is not installed.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from './routes.js';
import { startGuardDutyServer, type RunningServer } from './server.js';

interface Member { shape: string; location?: string; locationName?: string }
interface Shape { type: string; members?: Record<string, Member>; required?: string[]; member?: { shape: string }; value?: { shape: string }; enum?: string[] }
interface Model { operations: Record<string, { http: { method: string; requestUri: string }; input?: { shape: string }; output?: { shape: string } }>; shapes: Record<string, Shape> }

function loadModel(): Model | string {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const base = join(dir, 'data', 'guardduty', '2017-11-28', 'service-2.json');
    if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8')) as Model;
    if (existsSync(`${base}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8')) as Model;
    return `no GuardDuty model under ${dir}`;
  } catch {
    return 'python3 with botocore is not installed';
  }
}

const model = loadModel();
const skip = typeof model === 'string' ? model : undefined;

/** Every mismatch between a wire JSON value and a model shape (rest-json: timestamps are epoch seconds). */
function check(m: Model, shapeName: string, value: unknown, path: string, errors: string[]): void {
  const shape = m.shapes[shapeName];
  if (!shape) return void errors.push(`${path}: unknown shape ${shapeName}`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void errors.push(`${path}: expected object`);
      const byWire = new Map(Object.entries(shape.members ?? {}).map(([name, mem]) => [mem.locationName ?? name, { name, mem }]));
      for (const [key, v] of Object.entries(value)) {
        const found = byWire.get(key);
        if (!found) errors.push(`${path}.${key}: not a member of ${shapeName}`);
        else check(m, found.mem.shape, v, `${path}.${key}`, errors);
      }
      for (const req of shape.required ?? []) {
        const mem = shape.members?.[req];
        if (mem && mem.location === undefined && !((mem.locationName ?? req) in value)) errors.push(`${path}: missing required ${mem.locationName ?? req}`);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void errors.push(`${path}: expected list`);
      value.forEach((v, i) => check(m, shape.member?.shape ?? '', v, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null) return void errors.push(`${path}: expected map`);
      for (const [k, v] of Object.entries(value)) check(m, shape.value?.shape ?? '', v, `${path}.${k}`, errors);
      return;
    case 'string':
      if (typeof value !== 'string') return void errors.push(`${path}: expected string`);
      if (shape.enum && !shape.enum.includes(value)) errors.push(`${path}: ${value} not in enum ${shapeName}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(`${path}: expected integer`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') errors.push(`${path}: expected number`);
      return;
    case 'timestamp':
      if (typeof value !== 'number') errors.push(`${path}: expected epoch seconds`);
      return;
    default:
      errors.push(`${path}: unhandled type ${shape.type}`);
  }
}

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
