/**
 * src/aws/plain-answers.ts reads three GuardDuty answers itself instead of the SDK: what it fills must be what the
 * SDK fills for those fields, and any answer it is not sure of must reach the SDK's reader (same output, same
 * error). Both read the same canned HTTP answers here, through real SDK clients (no network).
 */
import { GetMemberDetectorsCommand, GuardDutyClient, ListCoverageCommand, ListMembersCommand } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { readPlainAnswer, readPlainAnswers } from '../../src/aws/plain-answers.js';
import { checkShape } from '../../src/aws/response-shape.js';

type Answer = { status?: number; body: string };

function client(answer: Answer, plain: boolean): GuardDutyClient {
  const c = new GuardDutyClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: { statusCode: answer.status ?? 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1' }, body: Buffer.from(answer.body) },
      }),
    },
  });
  if (plain) readPlainAnswers(c);
  return c;
}

const COMMANDS = {
  ListMembers: () => new ListMembersCommand({ DetectorId: 'd1' }),
  ListCoverage: () => new ListCoverageCommand({ DetectorId: 'd1' }),
  GetMemberDetectors: () => new GetMemberDetectorsCommand({ DetectorId: 'd1', AccountIds: ['111111111111'] }),
} as const;
type Operation = keyof typeof COMMANDS;

async function outcome(operation: Operation, answer: Answer, plain: boolean): Promise<unknown> {
  try {
    return await client(answer, plain).send(COMMANDS[operation]() as never);
  } catch (e) {
    return { failed: (e as Error).name, message: (e as Error).message };
  }
}

/** `sdk` restricted to the fields `plain` has: the plain reader fills only what gdeks reads. */
function project(sdk: unknown, plain: unknown): unknown {
  if (Array.isArray(plain)) return Array.isArray(sdk) ? plain.map((p, i) => project(sdk[i], p)) : sdk;
  if (plain && typeof plain === 'object' && sdk && typeof sdk === 'object') {
    return Object.fromEntries(Object.keys(plain).map((k) => [k, project((sdk as Record<string, unknown>)[k], (plain as Record<string, unknown>)[k])]));
  }
  return sdk;
}

const GOOD: Record<Operation, object> = {
  ListMembers: {
    members: [
      { accountId: '111111111111', detectorId: 'abc', relationshipStatus: 'Enabled', email: 'a@example.com', invitedAt: 'x', updatedAt: '2026-01-01T00:00:00Z' },
      { accountId: '222222222222', relationshipStatus: 'Removed' },
    ],
    nextToken: 't2',
  },
  ListCoverage: {
    resources: [
      {
        resourceId: 'prod',
        detectorId: 'd',
        accountId: '111111111111',
        coverageStatus: 'UNHEALTHY',
        issue: 'No Agent Reporting',
        updatedAt: 1_700_000_000,
        resourceDetails: {
          resourceType: 'EKS',
          eksClusterDetails: { clusterName: 'prod', coveredNodes: 0, compatibleNodes: 2, managementType: 'MANUAL', addonDetails: { addonVersion: 'v1', addonStatus: 'DEGRADED' } },
        },
      },
      { resourceId: 'bare', accountId: '111111111111', coverageStatus: 'HEALTHY' },
    ],
  },
  GetMemberDetectors: {
    members: [
      {
        accountId: '111111111111',
        dataSources: { s3Logs: { status: 'ENABLED' } },
        features: [
          { name: 'EKS_AUDIT_LOGS', status: 'ENABLED', updatedAt: 1_700_000_000 },
          { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }] },
        ],
      },
    ],
    unprocessedAccounts: [{ accountId: '333333333333', result: 'not a member' }],
  },
};

/** The values of GOOD that gdeks reads (src/aws/response-shape.ts lists them): members' ids and statuses, ... */
const LEAVES_READ: Record<Operation, number> = { ListMembers: 1 + 3 + 2, ListCoverage: 11 + 3 + 0, GetMemberDetectors: 1 + 2 + 2 + 2 + 2 };

function leaves(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + leaves(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + leaves(x), 0);
  return 1;
}

describe('plain answers', () => {
  for (const operation of Object.keys(COMMANDS) as Operation[]) {
    it(`${operation}: the fields gdeks reads are the SDK's, and pass the same shape check`, async () => {
      const answer = { body: JSON.stringify(GOOD[operation]) };
      expect(readPlainAnswer(operation, answer.body)).toBeDefined(); // the plain reader did read it
      const [sdk, plain] = await Promise.all([outcome(operation, answer, false), outcome(operation, answer, true)]);
      expect(plain).toEqual(project(sdk, plain));
      expect((plain as { $metadata: unknown }).$metadata).toEqual((sdk as { $metadata: unknown }).$metadata);
      expect(() => checkShape(operation, 'us-east-1', plain)).not.toThrow();
      // And none of the fields read is missing: every value of the sample that gdeks reads is there.
      const { $metadata: _, ...fields } = plain as Record<string, unknown>;
      expect(leaves(fields)).toBe(LEAVES_READ[operation]);
    });
  }

  const UNSURE: Array<[Operation, string, Answer]> = [
    ['ListMembers', 'a null field', { body: JSON.stringify({ members: [{ accountId: null, relationshipStatus: 'Enabled' }] }) }],
    ['ListMembers', 'a number for a string', { body: JSON.stringify({ members: [{ accountId: 111111111111, relationshipStatus: 'Enabled' }] }) }],
    ['ListMembers', 'a list that is an object', { body: JSON.stringify({ members: { accountId: '1' } }) }],
    ['ListMembers', 'a body that is a list', { body: '[1,2,3]' }],
    ['ListMembers', 'a body that is not JSON', { body: '<html>proxy</html>' }],
    ['ListMembers', 'an empty body', { body: '' }],
    ['ListCoverage', 'nodes as a string', { body: JSON.stringify({ resources: [{ resourceDetails: { eksClusterDetails: { coveredNodes: '3' } } }] }) }],
    ['ListCoverage', 'details as a list', { body: JSON.stringify({ resources: [{ resourceDetails: [] }] }) }],
    ['GetMemberDetectors', 'a feature that is a string', { body: JSON.stringify({ members: [{ accountId: '1', features: ['EKS_AUDIT_LOGS'] }], unprocessedAccounts: [] }) }],
    ['GetMemberDetectors', 'an error status', { status: 400, body: JSON.stringify({ message: 'The request is rejected', __type: 'BadRequestException' }) }],
  ];
  for (const [operation, what, answer] of UNSURE) {
    it(`${operation} with ${what}: read by the SDK, as without the plain reader`, async () => {
      const [sdk, plain] = await Promise.all([outcome(operation, answer, false), outcome(operation, answer, true)]);
      expect(plain).toEqual(sdk);
    });
  }
});
