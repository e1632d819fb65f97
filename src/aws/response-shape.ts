import * as z from 'zod/mini';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

/**
 * The shape of every answer gdeks reads, checked before anything uses it. The SDK's deserializer does not
 * check shapes: a body of `[1,2,3]` or `{}` arrives as an output without its lists, which read as "nothing
 * there", so a broken proxy or endpoint passed for an account without findings, detectors or clusters.
 * Only the fields gdeks reads are checked: those the API model marks required must be there, the others
 * must have the model's type when present. Objects stay loose: new fields in AWS's answers are fine.
 */

const str = z.string();
const optStr = z.optional(z.nullable(z.string()));
const optBool = z.optional(z.nullable(z.boolean()));
const optNum = z.optional(z.nullable(z.number()));
const list = <T extends z.core.SomeType>(item: T) => z.array(item);
const optList = <T extends z.core.SomeType>(item: T) => z.optional(z.nullable(z.array(item)));
const token = { NextToken: optStr };

const nameStatus = z.looseObject({ Name: optStr, Status: optStr });
const detectorFeature = z.looseObject({ Name: optStr, Status: optStr, AdditionalConfiguration: optList(nameStatus) });
const autoEnable = z.looseObject({ Name: optStr, AutoEnable: optStr });

/** A finding: what gdeks sorts, filters, prints and dedupes by. Severity is judged later (src/core/severity.ts). */
const finding = z.looseObject({
  Id: str,
  AccountId: str,
  Region: str,
  Type: str,
  CreatedAt: str,
  UpdatedAt: str,
  Title: optStr,
  Resource: z.looseObject({}),
  Service: z.optional(z.nullable(z.looseObject({ Archived: optBool, Count: optNum }))),
});

export const SHAPES = {
  ListDetectors: z.looseObject({ DetectorIds: list(str), ...token }),
  GetDetector: z.looseObject({ Status: str, FindingPublishingFrequency: optStr, Features: optList(detectorFeature) }),
  CreateDetector: z.looseObject({ DetectorId: str }),
  GetAdministratorAccount: z.looseObject({
    Administrator: z.optional(z.nullable(z.looseObject({ AccountId: optStr, RelationshipStatus: optStr }))),
  }),
  ListFindings: z.looseObject({ FindingIds: list(str), ...token }),
  GetFindings: z.looseObject({ Findings: list(finding) }),
  ListCoverage: z.looseObject({
    Resources: list(
      z.looseObject({
        ResourceId: optStr,
        AccountId: optStr,
        CoverageStatus: optStr,
        Issue: optStr,
        ResourceDetails: z.optional(
          z.nullable(
            z.looseObject({
              ResourceType: optStr,
              EksClusterDetails: z.optional(
                z.nullable(
                  z.looseObject({
                    ClusterName: optStr,
                    ManagementType: optStr,
                    CoveredNodes: optNum,
                    CompatibleNodes: optNum,
                    AddonDetails: z.optional(z.nullable(z.looseObject({ AddonVersion: optStr, AddonStatus: optStr }))),
                  }),
                ),
              ),
            }),
          ),
        ),
      }),
    ),
    ...token,
  }),
  DescribeOrganizationConfiguration: z.looseObject({
    MemberAccountLimitReached: z.boolean(),
    AutoEnableOrganizationMembers: optStr,
    Features: optList(z.looseObject({ Name: optStr, AutoEnable: optStr, AdditionalConfiguration: optList(autoEnable) })),
    ...token,
  }),
  ListOrganizationAdminAccounts: z.looseObject({ AdminAccounts: optList(z.looseObject({ AdminAccountId: optStr, AdminStatus: optStr })), ...token }),
  ListMembers: z.looseObject({
    Members: optList(z.looseObject({ AccountId: str, RelationshipStatus: str, DetectorId: optStr, Email: optStr, UpdatedAt: optStr })),
    ...token,
  }),
  GetMemberDetectors: z.looseObject({
    MemberDataSourceConfigurations: list(z.looseObject({ AccountId: str, Features: optList(detectorFeature) })),
    UnprocessedAccounts: list(z.looseObject({ AccountId: str, Result: str })),
  }),
  ListPublishingDestinations: z.looseObject({
    Destinations: list(z.looseObject({ DestinationId: str, DestinationType: str, Status: str })),
    ...token,
  }),
  DescribePublishingDestination: z.looseObject({
    DestinationId: str,
    DestinationType: str,
    Status: str,
    PublishingFailureStartTimestamp: optNum,
    DestinationProperties: z.looseObject({ DestinationArn: optStr, KmsKeyArn: optStr }),
  }),
  CreatePublishingDestination: z.looseObject({ DestinationId: str }),
  ListFilters: z.looseObject({ FilterNames: list(str), ...token }),
  GetFilter: z.looseObject({
    Name: str,
    Action: str,
    Rank: optNum,
    Description: optStr,
    FindingCriteria: z.looseObject({ Criterion: z.optional(z.nullable(z.record(z.string(), z.looseObject({})))) }),
  }),
  GetFindingsStatistics: z.looseObject({
    FindingStatistics: z.looseObject({
      GroupedBySeverity: optList(z.looseObject({ Severity: optNum, TotalFindings: optNum })),
      GroupedByFindingType: optList(z.looseObject({ FindingType: optStr, TotalFindings: optNum })),
      GroupedByResource: optList(z.looseObject({ ResourceId: optStr, TotalFindings: optNum })),
    }),
  }),
  // Account Management (--regions all)
  ListRegions: z.looseObject({ Regions: optList(z.looseObject({ RegionName: optStr, RegionOptStatus: optStr })), ...token }),
  // EKS
  ListClusters: z.looseObject({ clusters: optList(str), nextToken: optStr }),
  DescribeCluster: z.looseObject({
    cluster: z.looseObject({
      arn: optStr,
      status: optStr,
      tags: z.optional(z.nullable(z.record(z.string(), z.string()))),
      computeConfig: z.optional(z.nullable(z.looseObject({ enabled: optBool }))),
    }),
  }),
  DescribeAddon: z.looseObject({
    addon: z.looseObject({
      status: optStr,
      addonVersion: optStr,
      health: z.optional(z.nullable(z.looseObject({ issues: optList(z.looseObject({ code: optStr, message: optStr })) }))),
    }),
  }),
  ListFargateProfiles: z.looseObject({ fargateProfileNames: optList(str), nextToken: optStr }),
  ListNodegroups: z.looseObject({ nodegroups: optList(str), nextToken: optStr }),
  GetUsageStatistics: z.looseObject({
    UsageStatistics: z.optional(
      z.nullable(
        z.looseObject({
          SumByAccount: optList(z.looseObject({ AccountId: optStr })),
          SumByFeature: optList(z.looseObject({ Feature: optStr })),
          SumByResource: optList(z.looseObject({ Resource: optStr })),
          TopResources: optList(z.looseObject({ Resource: optStr })),
          TopAccountsByFeature: optList(z.looseObject({ Feature: optStr, Accounts: optList(z.looseObject({ AccountId: optStr })) })),
        }),
      ),
    ),
    ...token,
  }),
  GetRemainingFreeTrialDays: z.looseObject({
    Accounts: optList(z.looseObject({ AccountId: optStr, Features: optList(z.looseObject({ Name: optStr, FreeTrialDaysRemaining: optNum })) })),
    UnprocessedAccounts: optList(z.looseObject({ AccountId: optStr, Result: optStr })),
  }),
} as const;

export type ShapedOperation = keyof typeof SHAPES;

/**
 * Returns `output` unchanged when it has the shape gdeks relies on; otherwise an AwsError naming the operation,
 * the region and the first few fields that are wrong. Never "no results": a malformed answer is not an empty one.
 */
export function checkShape<T>(operation: ShapedOperation, region: string, output: T): T {
  if (quickCheck(operation)(output)) return output;
  const result = SHAPES[operation].safeParse(output);
  if (result.success) return output;
  const issues = result.error.issues.slice(0, 3).map((i) => {
    const where = i.path.length > 0 ? i.path.join('.') : 'the answer';
    const expected = i.code === 'invalid_type' ? `expected ${i.expected}` : 'not as the API defines it';
    return `${where}: ${expected}, got ${describe(valueAt(output, i.path))}`;
  });
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  return throwMalformed(operation, region, `${issues.join('; ')}${more}`);
}

/**
 * zod's parse builds a copy of every answer it checks (thousands of pages for an organization of 50,000). This
 * test, made once per shape from its definition, only looks: it says yes to a value only when zod would too, and
 * anything it is unsure of (no yes) goes to zod, whose answer stands, so the result is zod's either way.
 */
type Quick = (value: unknown) => boolean;

const quickChecks = new Map<ShapedOperation, Quick>();

function quickCheck(operation: ShapedOperation): Quick {
  let check = quickChecks.get(operation);
  if (!check) quickChecks.set(operation, (check = quick(SHAPES[operation])));
  return check;
}

const never: Quick = () => false;

function quick(schema: z.core.SomeType): Quick {
  const def = (schema as unknown as { _zod: { def: { type: string; checks?: unknown[]; [key: string]: unknown } } })._zod.def;
  if (def.checks !== undefined && def.checks.length > 0) return never;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'optional': {
      const inner = quick(def.innerType as z.core.SomeType);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = quick(def.innerType as z.core.SomeType);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const element = quick(def.element as z.core.SomeType);
      return (v) => Array.isArray(v) && v.every(element);
    }
    case 'object': {
      const catchall = (def.catchall as { _zod: { def: { type: string } } } | undefined)?._zod.def.type;
      if (catchall !== 'unknown') return never; // only loose objects: extra fields are fine
      const fields = Object.entries(def.shape as Record<string, z.core.SomeType>).map(([key, s]) => [key, quick(s)] as const);
      return (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && fields.every(([key, ok]) => ok((v as Record<string, unknown>)[key]));
    }
    default:
      return never;
  }
}

function throwMalformed(operation: string, region: string, what: string): never {
  throw new AwsError(`${operation} in ${region} returned a malformed answer: ${sanitize(what)}`, {
    code: 'MalformedResponse',
    region,
    operation,
    details: ['The answer does not have the shape of the AWS API; check --endpoint-url / AWS_ENDPOINT_URL* and any proxy in between.'],
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** What was there instead, briefly: the type, and a short number or string (sanitized by the caller). */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}
