// The filter and usage routes against the botocore model: method, URI template and body members of each (also
// covered for every template route by org-model.test.ts), and every response body against the output shape.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_ROUTES } from './filters.js';
import { checkShape, loadModel, type Model } from './model-shapes.js';
import { startGuardDutyServer, type RunningServer } from './server.js';
import { USAGE_ROUTES, USAGE_STATISTIC_TYPES } from './usage.js';

const model = loadModel();
const skip = typeof model === 'string' ? model : undefined;

describe.skipIf(skip !== undefined)(`filter and usage routes against the botocore model${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const m = model as Model;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startGuardDutyServer({
      baseTime: '2026-06-01T00:00:00.000Z',
      detector: { ageDays: 12, features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED' }] },
      organization: { role: 'delegated-admin', members: 20 },
    });
  });
  afterAll(() => server.close());

  it('routes match the model: method, URI and body members', () => {
    for (const route of [...FILTER_ROUTES, ...USAGE_ROUTES]) {
      const op = m.operations[route.operation];
      expect(op, route.operation).toBeDefined();
      if (!op) continue;
      expect(`${op.http.method} ${op.http.requestUri.split('?')[0]}`, route.operation).toBe(`${route.method} ${route.uri}`);
      const input = op.input ? m.shapes[op.input.shape] : undefined;
      const bodyMembers = Object.entries(input?.members ?? {}).filter(([, mem]) => mem.location === undefined).map(([name, mem]) => mem.locationName ?? name);
      expect([...route.members].sort(), route.operation).toEqual(bodyMembers.sort());
    }
  });

  it('the server knows every UsageStatisticType and no other', () => {
    expect([...USAGE_STATISTIC_TYPES].sort()).toEqual([...(m.shapes.UsageStatisticType?.enum ?? [])].sort());
  });

  it('every response body fits the operation output shape', async () => {
    const call = async (operation: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
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
    const list = (await (await fetch(`${server.url}/detector`)).json()) as { detectorIds: string[] };
    const id = list.detectorIds[0] ?? '';
    await call('CreateFilter', 'POST', `/detector/${id}/filter`, {
      name: 'suppress-staging',
      description: 'staging noise',
      action: 'ARCHIVE',
      rank: 1,
      findingCriteria: { criterion: { 'resource.eksClusterDetails.name': { equals: ['staging'] }, type: { matches: ['*:Kubernetes/*'] } } },
      clientToken: 'token-1',
      tags: { team: 'security' },
    });
    await call('CreateFilter', 'POST', `/detector/${id}/filter`, { name: 'view', findingCriteria: { criterion: { severity: { gte: 7 } } } });
    await call('ListFilters', 'GET', `/detector/${id}/filter?maxResults=1`);
    await call('GetFilter', 'GET', `/detector/${id}/filter/suppress-staging`);
    await call('GetFilter', 'GET', `/detector/${id}/filter/view`);
    await call('UpdateFilter', 'POST', `/detector/${id}/filter/view`, { action: 'NOOP', rank: 1, description: 'high' });
    await call('CreateSampleFindings', 'POST', `/detector/${id}/findings/create`, {});
    await call('DeleteFilter', 'DELETE', `/detector/${id}/filter/view`);
    for (const type of USAGE_STATISTIC_TYPES) {
      await call('GetUsageStatistics', 'POST', `/detector/${id}/usage/statistics`, { usageStatisticsType: type, usageCriteria: {}, unit: 'USD', maxResults: 5 });
      await call('GetUsageStatistics', 'POST', `/detector/${id}/usage/statistics`, {
        usageStatisticsType: type,
        usageCriteria: { features: ['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING'], accountIds: ['123456789012'] },
      });
    }
    await call('GetUsageStatistics', 'POST', `/detector/${id}/usage/statistics`, { usageStatisticsType: 'SUM_BY_DATA_SOURCE', usageCriteria: { dataSources: ['KUBERNETES_AUDIT_LOGS', 'FLOW_LOGS'] } });
    const accounts = (await call('GetUsageStatistics', 'POST', `/detector/${id}/usage/statistics`, { usageStatisticsType: 'SUM_BY_ACCOUNT', usageCriteria: {} })) as {
      usageStatistics: { sumByAccount: Array<{ accountId: string }> };
    };
    await call('GetRemainingFreeTrialDays', 'POST', `/detector/${id}/freeTrial/daysRemaining`, {
      accountIds: [...accounts.usageStatistics.sumByAccount.map((a) => a.accountId), '999999999999'],
    });
  });
});
