import {
  CreatePublishingDestinationCommand,
  DescribePublishingDestinationCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  ListPublishingDestinationsCommand,
  UpdatePublishingDestinationCommand,
} from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { ndjsonResultsOf, runCli } from '../helpers/cli.js';

const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY2 = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';

const writes = () => [...guardDutyMock.commandCalls(CreatePublishingDestinationCommand), ...guardDutyMock.commandCalls(UpdatePublishingDestinationCommand)];
const args = (...extra: string[]) => ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--region', 'us-east-1', ...extra];

function detector(destinations: Array<{ id: string; arn: string; key: string; status?: string; failingSince?: number }>) {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDutyMock.on(GetDetectorCommand).resolves({ ServiceRole: 'role', Status: 'ENABLED', Features: [] });
  guardDutyMock.on(ListPublishingDestinationsCommand).resolves({
    Destinations: destinations.map((d) => ({ DestinationId: d.id, DestinationType: 'S3', Status: (d.status ?? 'PUBLISHING') as never })),
  });
  for (const d of destinations) {
    guardDutyMock.on(DescribePublishingDestinationCommand, { DestinationId: d.id }).resolves({
      DestinationId: d.id,
      DestinationType: 'S3',
      Status: (d.status ?? 'PUBLISHING') as never,
      PublishingFailureStartTimestamp: d.failingSince ?? 0,
      DestinationProperties: { DestinationArn: d.arn, KmsKeyArn: d.key },
    });
  }
}

describe('gdeks export-destination s3', () => {
  beforeEach(resetAwsMocks);

  it('creates the destination when there is none, then reports its status', async () => {
    detector([]);
    guardDutyMock.on(CreatePublishingDestinationCommand).resolves({ DestinationId: 'dest-new' });
    guardDutyMock.on(DescribePublishingDestinationCommand, { DestinationId: 'dest-new' }).resolves({
      DestinationId: 'dest-new',
      DestinationType: 'S3',
      Status: 'PUBLISHING',
      PublishingFailureStartTimestamp: 0,
      DestinationProperties: { DestinationArn: BUCKET, KmsKeyArn: KEY },
    });
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(0);
    const calls = guardDutyMock.commandCalls(CreatePublishingDestinationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ DetectorId: 'det-1', DestinationType: 'S3', DestinationProperties: { DestinationArn: BUCKET, KmsKeyArn: KEY } });
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({
      region: 'us-east-1',
      detectorId: 'det-1',
      action: 'created',
      dryRun: false,
      changes: [
        { target: 'DestinationArn', from: null, to: BUCKET },
        { target: 'KmsKeyArn', from: null, to: KEY },
      ],
      destination: { destinationId: 'dest-new', destinationType: 'S3', destinationArn: BUCKET, kmsKeyArn: KEY, status: 'PUBLISHING', failingSince: null },
    });
  });

  it('writes nothing when the bucket and key already match (UpdatePublishingDestination would re-validate the bucket)', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY }]);
    const r = await runCli(args());
    expect(r.code).toBe(0);
    expect(writes()).toHaveLength(0);
    expect(r.stdout).toMatch(/Status\s+PUBLISHING/);
    expect(r.stdout).toMatch(/✓ unchanged/);
  });

  it('repoints the existing destination with both properties when the key differs', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY2 }]);
    guardDutyMock.on(UpdatePublishingDestinationCommand).resolves({});
    const r = await runCli(args());
    expect(r.code).toBe(0);
    const calls = guardDutyMock.commandCalls(UpdatePublishingDestinationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ DetectorId: 'det-1', DestinationId: 'dest-1', DestinationProperties: { DestinationArn: BUCKET, KmsKeyArn: KEY } });
    expect(guardDutyMock.commandCalls(CreatePublishingDestinationCommand)).toHaveLength(0);
    expect(r.stdout).toMatch(/KmsKeyArn\s+arn:aws:kms:us-east-1:111122223333:key\/mrk-\S+ → arn:aws:kms:us-east-1:111122223333:key\/1234abcd/);
  });

  it('--dry-run shows the plan and makes no write call; --check exits 3 on drift', async () => {
    detector([{ id: 'dest-1', arn: 'arn:aws:s3:::old-bucket', key: KEY }]);
    const dry = await runCli(args('--dry-run', '-o', 'json'));
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).results[0]).toMatchObject({ action: 'updated', dryRun: true, changes: [{ target: 'DestinationArn', from: 'arn:aws:s3:::old-bucket', to: BUCKET }] });
    expect((await runCli(args('--check'))).code).toBe(3);
    expect(writes()).toHaveLength(0);
  });

  it('a destination GuardDuty cannot publish to exits 1 with what to fix', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY, status: 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', failingSince: Date.parse('2026-06-01T00:00:00Z') }]);
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({ action: 'unchanged', error: { code: 'UnableToPublish' }, destination: { failingSince: '2026-06-01T00:00:00.000Z' } });
    expect(r.stderr).toMatch(/bucket policy allows guardduty\.amazonaws\.com s3:PutObject/);
    expect(writes()).toHaveLength(0);
  });

  it('PENDING_VERIFICATION and STOPPED are notes, not failures', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY, status: 'PENDING_VERIFICATION' }]);
    const r = await runCli(args());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: us-east-1: GuardDuty is still checking access/);
  });

  it('several destinations and none matching: no guess, no write, exit 1', async () => {
    detector([
      { id: 'dest-1', arn: 'arn:aws:s3:::one', key: KEY },
      { id: 'dest-2', arn: 'arn:aws:s3:::two', key: KEY },
    ]);
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0].error.code).toBe('AmbiguousDestination');
    expect(r.stderr).toMatch(/dest-1: arn:aws:s3:::one/);
    expect(writes()).toHaveLength(0);
  });

  it('each failed region\'s error is followed by its own details, not those of another region', async () => {
    detector([
      { id: 'dest-1', arn: 'arn:aws:s3:::one', key: KEY },
      { id: 'dest-2', arn: 'arn:aws:s3:::two', key: KEY },
    ]);
    const r = await runCli(['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--regions', 'us-east-1,eu-west-1']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    const at = (region: string) => lines.findIndex((l) => l.startsWith(`error: ${region}:`));
    expect(lines[at('us-east-1') + 1]).toMatch(/^  dest-1: arn:aws:s3:::one/);
    expect(lines[at('eu-west-1') + 1]).toMatch(/^  dest-1: arn:aws:s3:::one/);
  });

  it('no detector: a hint to run enable first', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: null, destination: null, error: { code: 'NoDetector' } });
  });

  it('fans out over --regions', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY }]);
    const r = await runCli(['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--regions', 'us-east-1,eu-west-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { region: string; action: string }) => `${x.region}:${x.action}`)).toEqual(['us-east-1:unchanged', 'eu-west-1:unchanged']);
  });

  it.each([
    [['export-destination', 'sqs', '--bucket-arn', BUCKET, '--kms-key-arn', KEY], /only to S3/],
    [['export-destination', 's3', '--kms-key-arn', KEY], /--bucket-arn <arn> is required/],
    [['export-destination', 's3', '--bucket-arn', BUCKET], /--kms-key-arn <arn> is required/],
    [['export-destination', 's3', '--bucket-arn', 's3://findings-bucket', '--kms-key-arn', 'arn:aws:kms:us-east-1:111122223333:alias/gd'], /S3 URL, not an ARN[\s\S]*alias ARN/],
  ])('bad input %j exits 2 before any AWS call', async (argv, message) => {
    const r = await runCli([...argv, '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/[Nn]othing was sent to AWS/);
    expect(r.stdout).toBe('');
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('each bad argument is its own error line, then the count', async () => {
    const r = await runCli(['export-destination', 'sqs', '--bucket-arn', 's3://findings-bucket', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/^error: /gm)).toHaveLength(3);
    expect(r.stderr).toMatch(/3 problems; nothing was sent to AWS/);
  });

  it('-o ndjson prints one result object per line, the same objects as -o json', async () => {
    detector([{ id: 'dest-1', arn: BUCKET, key: KEY }]);
    const argv = ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--regions', 'us-east-1,eu-west-1'];
    expect(await ndjsonResultsOf(argv)).toHaveLength(2);
  });

  it('a refused create: action null (nothing written), the plan kept, the reason printed once', async () => {
    detector([]);
    guardDutyMock.on(CreatePublishingDestinationCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const json = await runCli(args('-o', 'json'));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).results[0]).toMatchObject({ action: null, destination: null, error: { code: 'AccessDenied' }, changes: [{ target: 'DestinationArn' }, { target: 'KmsKeyArn' }] });
    const table = await runCli(args());
    expect(table.stdout).toMatch(/✗ failed; nothing was changed/);
    expect(`${table.stdout}${table.stderr}`.match(/AccessDenied|access denied/gi)).toHaveLength(1);
  });

  it('created, then its status could not be read: the action still says created', async () => {
    detector([]);
    guardDutyMock.on(CreatePublishingDestinationCommand).resolves({ DestinationId: 'dest-new' });
    guardDutyMock.on(DescribePublishingDestinationCommand, { DestinationId: 'dest-new' }).rejects(
      Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }),
    );
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: 'created', destination: null, error: { code: 'AccessDenied' } });
  });
});
