import { describe, expect, it } from 'vitest';
import { bucketArnProblems, destinationAdvice, kmsKeyArnProblems, planDestination, type CurrentDestination } from '../../src/domain/destination-plan.js';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY2 = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';

const dest = (id: string, arn: string, key: string, extra: Partial<CurrentDestination> = {}): CurrentDestination => ({
  destinationId: id,
  destinationType: 'S3',
  status: 'PUBLISHING',
  destinationArn: arn,
  kmsKeyArn: key,
  ...extra,
});

describe('planDestination', () => {
  it('creates the S3 destination when the detector has none', () => {
    const plan = planDestination([], { destinationArn: BUCKET, kmsKeyArn: KEY });
    expect(plan).toEqual({
      action: 'create',
      changes: [
        { target: 'DestinationArn', from: null, to: BUCKET },
        { target: 'KmsKeyArn', from: null, to: KEY },
      ],
      request: { DestinationType: 'S3', DestinationProperties: { DestinationArn: BUCKET, KmsKeyArn: KEY } },
    });
  });

  it('writes nothing when the bucket and key already match', () => {
    const plan = planDestination([dest('a', BUCKET, KEY)], { destinationArn: BUCKET, kmsKeyArn: KEY });
    expect(plan.action).toBe('unchanged');
  });

  it('updates the one destination there is, listing only what differs but sending both properties', () => {
    const plan = planDestination([dest('a', BUCKET, KEY)], { destinationArn: BUCKET, kmsKeyArn: KEY2 });
    expect(plan).toMatchObject({
      action: 'update',
      changes: [{ target: 'KmsKeyArn', from: KEY, to: KEY2 }],
      request: { DestinationId: 'a', DestinationProperties: { DestinationArn: BUCKET, KmsKeyArn: KEY2 } },
    });
  });

  it('does not guess between several destinations when none matches; picks the matching one when one does', () => {
    const two = [dest('a', 'arn:aws:s3:::one', KEY), dest('b', 'arn:aws:s3:::two', KEY)];
    expect(planDestination(two, { destinationArn: BUCKET, kmsKeyArn: KEY }).action).toBe('ambiguous');
    expect(planDestination(two, { destinationArn: 'arn:aws:s3:::two', kmsKeyArn: KEY })).toMatchObject({ action: 'unchanged', destination: { destinationId: 'b' } });
  });

  it('compares ARNs exactly (a trailing slash is a different prefix to GuardDuty)', () => {
    expect(planDestination([dest('a', BUCKET, KEY)], { destinationArn: `${BUCKET}/`, kmsKeyArn: KEY }).action).toBe('update');
  });
});

describe('bucketArnProblems', () => {
  it.each([
    'arn:aws:s3:::findings-bucket',
    'arn:aws:s3:::findings-bucket/guardduty',
    'arn:aws:s3:::findings.bucket-01/a/b/',
    'arn:aws-us-gov:s3:::gov-bucket',
    'arn:aws-cn:s3:::cn-bucket/x',
  ])('accepts %s', (arn) => expect(bucketArnProblems(arn)).toEqual([]));

  it.each([
    ['s3://findings-bucket/gd', /S3 URL, not an ARN; use arn:aws:s3:::findings-bucket\/gd/],
    ['findings-bucket', /looks like a bucket name; give its ARN: arn:aws:s3:::findings-bucket/],
    ['arn:aws:s3:us-east-1:111122223333:accesspoint/ap', /not a bucket ARN/],
    ['arn:aws:s3:::Findings_Bucket', /not a valid bucket name/],
    ['arn:aws:s3:::ab', /not a valid bucket name/],
    ['arn:aws:s3:::a..b', /not a valid bucket name/],
    ['arn:aws:s3:::192.168.1.1', /not a valid bucket name/],
    ['arn:aws:s3:::bucket-', /not a valid bucket name/],
    ['arn:aws:s3:::bucket//x', /not a valid key prefix/],
    ['arn:aws:s3:::bucket/', /not a valid key prefix/],
    ['arn:aws:kms:us-east-1:111122223333:key/x', /not an S3 bucket ARN/],
  ])('rejects %s', (arn, message) => {
    const problems = bucketArnProblems(arn);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(message);
  });
});

describe('kmsKeyArnProblems', () => {
  it.each([KEY, KEY2, 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'])('accepts %s', (arn) =>
    expect(kmsKeyArnProblems(arn)).toEqual([]),
  );

  it.each([
    ['arn:aws:kms:us-east-1:111122223333:alias/guardduty', /alias ARN; GuardDuty needs the key ARN/],
    ['alias/guardduty', /is an alias/],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', /key id; GuardDuty needs the full key ARN/],
    ['arn:aws:kms:useast1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', /not a region name/],
    ['arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab', /not a 12-digit account id/],
    ['arn:aws:kms:us-east-1:111122223333:key/not-a-key', /not a key id/],
    [BUCKET, /not a KMS key ARN/],
  ])('rejects %s', (arn, message) => {
    expect(kmsKeyArnProblems(arn).join('\n')).toMatch(message);
  });

  it('reports every problem of one ARN at once', () => {
    expect(kmsKeyArnProblems('arn:aws:kms:nowhere:12:key/zz')).toHaveLength(3);
  });
});

describe('destinationAdvice', () => {
  it('grades each publishing status and tells what to fix for the failing one', () => {
    expect(destinationAdvice('PUBLISHING').severity).toBe('ok');
    expect(destinationAdvice('PENDING_VERIFICATION').severity).toBe('wait');
    expect(destinationAdvice('STOPPED').severity).toBe('warn');
    const fail = destinationAdvice('UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', '2026-06-01T00:00:00.000Z');
    expect(fail.severity).toBe('fail');
    expect(fail.text).toMatch(/since 2026-06-01T00:00:00.000Z/);
    expect(fail.text).toMatch(/bucket policy.*s3:PutObject.*key policy.*kms:GenerateDataKey.*same Region/);
  });
});
