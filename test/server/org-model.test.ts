// The organization and publishing-destination routes against the botocore model: method, URI template and
// body members of each route, and every response body against the operation's output shape.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureDestinations } from './destinations.js';
import { EXTRA_ROUTES } from './extra-routes.js';
import { checkShape, loadModel, type Model } from './model-shapes.js';
import { configureOrganization } from './org.js';
import { startGuardDutyServer, type RunningServer } from './server.js';

const model = loadModel();
const skip = typeof model === 'string' ? model : undefined;

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe.skipIf(skip !== undefined)(`organization and destination routes against the botocore model${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const m = model as Model;
  let admin: RunningServer;
  let management: RunningServer;
  beforeAll(async () => {
    admin = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z' });
    configureOrganization(admin.state, { role: 'delegated-admin', members: 60 });
    configureDestinations(admin.state, { failingBuckets: ['broken-bucket'] });
    management = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z' });
    configureOrganization(management.state, { role: 'management', delegatedAdmin: '444455556666' });
  });
  afterAll(async () => Promise.all([admin.close(), management.close()]));

  it('routes match the model: method, URI and body members', () => {
    for (const route of EXTRA_ROUTES) {
      const op = m.operations[route.operation];
      expect(op, route.operation).toBeDefined();
      if (!op) continue;
      expect(`${op.http.method} ${op.http.requestUri.split('?')[0]}`, route.operation).toBe(`${route.method} ${route.uri}`);
      const input = op.input ? m.shapes[op.input.shape] : undefined;
      const bodyMembers = Object.entries(input?.members ?? {}).filter(([, mem]) => mem.location === undefined).map(([name, mem]) => mem.locationName ?? name);
      expect([...route.members].sort(), route.operation).toEqual(bodyMembers.sort());
    }
  });

  it('every response body fits the operation output shape', async () => {
    const call = async (server: RunningServer, operation: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
      const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(server.url + path, init);
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, `${operation} ${JSON.stringify(json)}`).toBe(200);
      const errors: string[] = [];
      const out = m.operations[operation]?.output?.shape;
      if (out) checkShape(m, out, json, operation, errors);
      expect(errors, operation).toEqual([]);
      return json;
    };
    const list = (await (await fetch(`${admin.url}/detector`)).json()) as { detectorIds: string[] };
    const id = list.detectorIds[0] ?? '';
    await call(admin, 'DescribeOrganizationConfiguration', 'GET', `/detector/${id}/admin`);
    await call(admin, 'UpdateOrganizationConfiguration', 'POST', `/detector/${id}/admin`, {
      autoEnableOrganizationMembers: 'ALL',
      features: [{ name: 'RUNTIME_MONITORING', autoEnable: 'NEW', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', autoEnable: 'NEW' }] }],
    });
    await call(admin, 'DescribeOrganizationConfiguration', 'GET', `/detector/${id}/admin?maxResults=10`);
    const members = (await call(admin, 'ListMembers', 'GET', `/detector/${id}/member?onlyAssociated=false`)) as { members: Array<{ accountId: string }> };
    await call(admin, 'GetMemberDetectors', 'POST', `/detector/${id}/member/detector/get`, { accountIds: members.members.map((x) => x.accountId) });
    await call(management, 'ListOrganizationAdminAccounts', 'GET', '/admin');
    const created = (await call(admin, 'CreatePublishingDestination', 'POST', `/detector/${id}/publishingDestination`, {
      destinationType: 'S3',
      destinationProperties: { destinationArn: 'arn:aws:s3:::findings-bucket/gd', kmsKeyArn: KEY },
      clientToken: 'token-1',
      tags: { team: 'security' },
    })) as { destinationId: string };
    await call(admin, 'ListPublishingDestinations', 'GET', `/detector/${id}/publishingDestination`);
    await call(admin, 'DescribePublishingDestination', 'GET', `/detector/${id}/publishingDestination/${created.destinationId}`);
    await call(admin, 'UpdatePublishingDestination', 'POST', `/detector/${id}/publishingDestination/${created.destinationId}`, {
      destinationProperties: { destinationArn: 'arn:aws:s3:::broken-bucket', kmsKeyArn: KEY },
    });
    await call(admin, 'DescribePublishingDestination', 'GET', `/detector/${id}/publishingDestination/${created.destinationId}`);
    await call(admin, 'DeletePublishingDestination', 'DELETE', `/detector/${id}/publishingDestination/${created.destinationId}`);
  });
});
