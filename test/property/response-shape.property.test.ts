/**
 * checkShape (src/aws/response-shape.ts) first takes a quick look, and asks zod only when that look does not say
 * yes: the verdict must be zod's for every answer, well-formed or not. Answers here are well-formed ones with
 * fields changed to other JSON values (nulls, numbers, lists, objects, strings, dropped). Seeded runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkShape, SHAPES, type ShapedOperation } from '../../src/aws/response-shape.js';

const run = { seed: 20_261_202, numRuns: 400 };

const GOOD: Partial<Record<ShapedOperation, unknown>> = {
  ListMembers: { Members: [{ AccountId: '111111111111', RelationshipStatus: 'Enabled', DetectorId: 'd' }], NextToken: 't' },
  ListCoverage: {
    Resources: [{ ResourceId: 'c', AccountId: '1', CoverageStatus: 'HEALTHY', ResourceDetails: { ResourceType: 'EKS', EksClusterDetails: { ClusterName: 'c', CoveredNodes: 3, AddonDetails: { AddonVersion: 'v' } } } }],
  },
  GetMemberDetectors: {
    MemberDataSourceConfigurations: [{ AccountId: '1', Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }] }],
    UnprocessedAccounts: [{ AccountId: '2', Result: 'no' }],
  },
  DescribeOrganizationConfiguration: { MemberAccountLimitReached: false, AutoEnableOrganizationMembers: 'ALL', Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }] },
  GetFilter: { Name: 'f', Action: 'ARCHIVE', Rank: 1, FindingCriteria: { Criterion: { severity: { Gte: 7 } } } },
  GetFindingsStatistics: { FindingStatistics: { GroupedBySeverity: [{ Severity: 8, TotalFindings: 2 }] } },
};

const other = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant([1, 'a']));

/** Every path to a value inside `v` (objects and arrays), the root included. */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function changed(v: unknown, path: Array<string | number>, to: unknown): unknown {
  if (path.length === 0) return to;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  const [k, ...rest] = path as [string | number, ...Array<string | number>];
  copy[k] = changed(copy[k], rest, to);
  return copy;
}

const verdict = (operation: ShapedOperation, value: unknown) => {
  try {
    checkShape(operation, 'us-east-1', value);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('checkShape', () => {
  for (const [operation, good] of Object.entries(GOOD) as Array<[ShapedOperation, unknown]>) {
    it(`${operation}: accepts exactly what zod accepts, with zod's message otherwise (400 changed answers)`, () => {
      expect(verdict(operation, good)).toBe('ok');
      const all = paths(good);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: all.length - 1 }), other, (i, to) => {
          const value = changed(good, all[i] as Array<string | number>, to);
          const zodSays = SHAPES[operation].safeParse(value).success;
          const got = verdict(operation, value);
          return zodSays ? got === 'ok' : got !== 'ok' && got.includes('malformed answer');
        }),
        run,
      );
    });
  }
});
