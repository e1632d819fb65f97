import type { Change } from './enable-plan.js';
import type { WriteResult } from './write-result.js';

/** The destination types `gdeks export-destination <type>` takes: GuardDuty exports findings only to S3. */
export const DESTINATION_TYPES = ['s3'] as const;

/** A publishing destination as List + DescribePublishingDestination report it. */
export interface CurrentDestination {
  destinationId: string;
  destinationType?: string;
  status?: string;
  destinationArn?: string;
  kmsKeyArn?: string;
  /** Epoch milliseconds; 0 or absent while publishing works. */
  publishingFailureStartTimestamp?: number;
}

export interface DesiredDestination {
  destinationArn: string;
  kmsKeyArn: string;
}

export const DESTINATION_ARN_TARGET = 'DestinationArn';
export const KMS_KEY_TARGET = 'KmsKeyArn';

export type DestinationPlan =
  | { action: 'create'; changes: Change[]; request: { DestinationType: 'S3'; DestinationProperties: { DestinationArn: string; KmsKeyArn: string } } }
  | { action: 'update'; destination: CurrentDestination; changes: Change[]; request: { DestinationId: string; DestinationProperties: { DestinationArn: string; KmsKeyArn: string } } }
  | { action: 'unchanged'; destination: CurrentDestination; changes: [] }
  /** More than one S3 destination and none matches: gdeks will not guess which one to repoint. */
  | { action: 'ambiguous'; destinations: CurrentDestination[] };

/**
 * Pure: create the S3 destination when the detector has none, update the one there is when its bucket or key
 * differs, and write nothing when it already matches. Both properties are always sent on update: whether an
 * omitted one is kept or cleared is undocumented.
 */
export function planDestination(current: readonly CurrentDestination[], desired: DesiredDestination): DestinationPlan {
  const s3 = current.filter((d) => d.destinationType === undefined || d.destinationType === 'S3');
  const properties = { DestinationArn: desired.destinationArn, KmsKeyArn: desired.kmsKeyArn };
  const same = s3.find((d) => d.destinationArn === desired.destinationArn && d.kmsKeyArn === desired.kmsKeyArn);
  if (same) return { action: 'unchanged', destination: same, changes: [] };
  const only = s3[0];
  if (!only) {
    return {
      action: 'create',
      changes: [
        { target: DESTINATION_ARN_TARGET, from: null, to: desired.destinationArn },
        { target: KMS_KEY_TARGET, from: null, to: desired.kmsKeyArn },
      ],
      request: { DestinationType: 'S3', DestinationProperties: properties },
    };
  }
  if (s3.length > 1) return { action: 'ambiguous', destinations: s3 };
  const changes: Change[] = [];
  if (only.destinationArn !== desired.destinationArn) {
    changes.push({ target: DESTINATION_ARN_TARGET, from: only.destinationArn ?? null, to: desired.destinationArn });
  }
  if (only.kmsKeyArn !== desired.kmsKeyArn) changes.push({ target: KMS_KEY_TARGET, from: only.kmsKeyArn ?? null, to: desired.kmsKeyArn });
  return { action: 'update', destination: only, changes, request: { DestinationId: only.destinationId, DestinationProperties: properties } };
}

// Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ... (never a region here: S3 bucket ARNs have none).
const PARTITION = 'aws(?:-[a-z]+)*';
const BUCKET_ARN = new RegExp(`^arn:(${PARTITION}):s3:::([^/]*)(?:/(.*))?$`);
const KMS_ARN = new RegExp(`^arn:(${PARTITION}):kms:([^:]*):([^:]*):(key|alias)/(.*)$`);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** Every problem with `--bucket-arn` (empty when it is a valid S3 bucket ARN with an optional prefix). */
export function bucketArnProblems(value: string): string[] {
  const m = BUCKET_ARN.exec(value);
  if (!m) {
    const s3url = /^s3:\/\/([^/]+)(\/.*)?$/.exec(value);
    if (s3url) return [`--bucket-arn: "${value}" is an S3 URL, not an ARN; use arn:aws:s3:::${s3url[1]}${s3url[2] ?? ''}`];
    if (/^arn:[^:]*:s3:[^:]+:/.test(value)) {
      return [`--bucket-arn: "${value}" is not a bucket ARN (access points and other S3 resources are not export destinations); use arn:aws:s3:::bucket[/prefix]`];
    }
    if (/^[a-z0-9][a-z0-9.-]*$/.test(value)) return [`--bucket-arn: "${value}" looks like a bucket name; give its ARN: arn:aws:s3:::${value}`];
    return [`--bucket-arn: "${value}" is not an S3 bucket ARN; expected arn:aws:s3:::bucket or arn:aws:s3:::bucket/prefix`];
  }
  const bucket = m[2] ?? '';
  const prefix = m[3];
  const problems: string[] = [];
  if (
    bucket.length < 3 ||
    bucket.length > 63 ||
    !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket) ||
    bucket.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(bucket)
  ) {
    problems.push(
      `--bucket-arn: "${bucket}" is not a valid bucket name (3-63 characters: lowercase letters, digits, dots and hyphens, ` +
        'starting and ending with a letter or digit, no "..", not an IP address)',
    );
  }
  if (prefix !== undefined && (prefix === '' || prefix.startsWith('/') || prefix.includes('//'))) {
    problems.push(`--bucket-arn: the prefix "${prefix}" is not a valid key prefix (no leading slash, no empty segments); use arn:aws:s3:::${bucket}/folder`);
  }
  return problems;
}

/** Every problem with `--kms-key-arn` (empty when it is a KMS key ARN: key/<uuid> or key/mrk-<hex>). */
export function kmsKeyArnProblems(value: string): string[] {
  const m = KMS_ARN.exec(value);
  if (!m) {
    if (KEY_ID.test(value)) return [`--kms-key-arn: "${value}" is a key id; GuardDuty needs the full key ARN: arn:aws:kms:REGION:ACCOUNT:key/${value}`];
    if (value.startsWith('alias/')) return [`--kms-key-arn: "${value}" is an alias; GuardDuty needs the key ARN (arn:aws:kms:REGION:ACCOUNT:key/...)`];
    return [`--kms-key-arn: "${value}" is not a KMS key ARN; expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`];
  }
  const [, , region = '', account = '', kind, id = ''] = m;
  const problems: string[] = [];
  if (kind === 'alias') {
    problems.push(`--kms-key-arn: "${value}" is an alias ARN; GuardDuty needs the key ARN (arn:aws:kms:${region}:${account}:key/...)`);
    return problems;
  }
  if (!REGION.test(region)) problems.push(`--kms-key-arn: "${region}" is not a region name`);
  if (!/^\d{12}$/.test(account)) problems.push(`--kms-key-arn: "${account}" is not a 12-digit account id`);
  if (!KEY_ID.test(id)) problems.push(`--kms-key-arn: "${id}" is not a key id (a UUID, or mrk-<32 hex digits> for a multi-Region key)`);
  return problems;
}

/** What each publishing status means for the user, and what to do about the failing ones. */
export function destinationAdvice(status: string | null | undefined, failingSince?: string | null): { severity: 'ok' | 'wait' | 'warn' | 'fail'; text: string } {
  switch (status) {
    case 'PUBLISHING':
      return { severity: 'ok', text: 'GuardDuty is exporting findings to the bucket' };
    case 'PENDING_VERIFICATION':
      return { severity: 'wait', text: 'GuardDuty is still checking access to the bucket and key; run the same command again in a few minutes to see the result' };
    case 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY': {
      const since = failingSince ? ` since ${failingSince}` : '';
      return {
        severity: 'fail',
        text:
          `GuardDuty cannot write to the destination${since}. Check: the bucket policy allows guardduty.amazonaws.com s3:PutObject and ` +
          's3:GetBucketLocation; the key policy allows guardduty.amazonaws.com kms:GenerateDataKey; the bucket and the key are in the ' +
          'same Region; a prefix in the ARN exists as a folder (an object named "prefix/") in the bucket. Fix them and run the command again.',
      };
    }
    case 'STOPPED':
      // The API does not document what stops publishing; a suspended detector is the one cause we know of.
      return {
        severity: 'warn',
        text: 'publishing is STOPPED: no findings reach the bucket. Check that the detector is not suspended (`gdeks status`); ' +
          'if it is enabled, delete the destination (aws guardduty delete-publishing-destination) and run this command again',
      };
    default:
      return { severity: 'warn', text: `status ${status ?? 'unknown'}` };
  }
}

/** The destination as it is after the run (or, with dryRun, as it is now): what `export-destination` reports. */
export interface DestinationState {
  destinationId: string;
  destinationType: string;
  destinationArn: string | null;
  kmsKeyArn: string | null;
  status: string | null;
  /** ISO time GuardDuty first failed to publish; null while publishing works. */
  failingSince: string | null;
}

export interface DestinationResult extends WriteResult {
  destination: DestinationState | null;
}
