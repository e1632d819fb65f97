import {
  BadRequestException,
  CreateDetectorCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

const writes = () => [...guardDutyMock.commandCalls(CreateDetectorCommand), ...guardDutyMock.commandCalls(UpdateDetectorCommand)];

function existingDetector(features: object[], extra: object = {}) {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDutyMock.on(GetDetectorCommand, { DetectorId: 'det-1' }).resolves({
    ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
    Status: 'ENABLED',
    FindingPublishingFrequency: 'SIX_HOURS',
    Features: features as never,
    ...extra,
  });
  guardDutyMock.on(GetAdministratorAccountCommand).resolves({});
}

const allOn = [
  { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
  { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
  { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
];

describe('gdeks enable', () => {
  beforeEach(resetAwsMocks);

  it('creates the detector when the region has none, with exactly the file\'s features', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    guardDutyMock.on(CreateDetectorCommand).resolves({ DetectorId: 'new-det' });
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const calls = guardDutyMock.commandCalls(CreateDetectorCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Enable: true,
      Features: [
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ],
    });
    const out = JSON.parse(r.stdout);
    expect(out.results[0]).toMatchObject({ region: 'us-east-1', detectorId: 'new-det', action: 'created', dryRun: false });
    expect(r.stderr).toMatch(/note: us-east-1: GuardDuty also turns on .*S3_DATA_EVENTS/);
  });

  it('writes nothing when the detector already matches', async () => {
    existingDetector(allOn);
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(writes()).toHaveLength(0);
    expect(r.stdout).toMatch(/unchanged/);
  });

  it('sends only the features that differ', async () => {
    existingDetector([
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
      { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ]);
    guardDutyMock.on(UpdateDetectorCommand).resolves({});
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    const calls = guardDutyMock.commandCalls(UpdateDetectorCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ DetectorId: 'det-1', Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] });
    expect(r.stdout).toMatch(/EKS_AUDIT_LOGS\s+DISABLED → ENABLED/);
    expect(r.stdout).toMatch(/✓ updated \(1 change\)/);
  });

  it('--dry-run shows the plan and makes no write call', async () => {
    existingDetector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--dry-run', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(writes()).toHaveLength(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({ action: 'updated', dryRun: true });
    expect(res.changes).toEqual([
      { target: 'EKS_AUDIT_LOGS', from: 'DISABLED', to: 'ENABLED' },
      { target: 'EKS_RUNTIME_MONITORING', from: null, to: 'ENABLED' },
      { target: 'EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: null, to: 'ENABLED' },
    ]);
  });

  it('--check exits 3 on drift and 0 when in line, writing nothing either way', async () => {
    existingDetector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    expect((await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--check'])).code).toBe(3);
    resetAwsMocks();
    existingDetector(allOn);
    expect((await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--check'])).code).toBe(0);
    expect(writes()).toHaveLength(0);
  });

  it('an invalid features file exits 2 and makes no AWS call at all', async () => {
    const seed = new URL('../../../shared/fixtures/seed-config.json', import.meta.url).pathname;
    const r = await runCli(['enable', '--features', seed, '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Nothing was sent to AWS|nothing was sent to AWS/);
  });

  it('a bad --frequency exits 2 before any AWS call', async () => {
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--frequency', '5m']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stderr).toMatch(/Accepted: 15m/);
  });

  it('in a member account names the administrator instead of surfacing a 400, and writes nothing', async () => {
    existingDetector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(writes()).toHaveLength(0);
    expect(JSON.parse(r.stdout).results[0].error).toMatchObject({ code: 'MemberAccount' });
    expect(r.stderr).toMatch(/member of administrator account 111122223333/);
  });

  it('one failing region does not stop the others; JSON says which failed and the exit code is 1', async () => {
    guardDutyMock.on(ListDetectorsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'eu-west-1') throw new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.' });
      return { DetectorIds: [] };
    });
    guardDutyMock.on(CreateDetectorCommand).resolves({ DetectorId: 'new-det' });
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--regions', 'us-east-1,eu-west-1,ap-south-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).results;
    expect(results.map((x: { region: string }) => x.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-south-1']);
    expect(results[0].action).toBe('created');
    expect(results[2].action).toBe('created');
    expect(results[1].error).toMatchObject({ code: 'BadRequestException' });
    expect(results[1].error.message).toMatch(/GuardDuty rejected ListDetectors in eu-west-1/);
    expect(guardDutyMock.commandCalls(CreateDetectorCommand)).toHaveLength(2);
  });

  it('access denied names the missing IAM action, without a stack trace', async () => {
    guardDutyMock.on(ListDetectorsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/guardduty:ListDetectors/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('gdeks export-frequency', () => {
  beforeEach(resetAwsMocks);

  it('updates only the frequency', async () => {
    existingDetector(allOn);
    guardDutyMock.on(UpdateDetectorCommand).resolves({});
    const r = await runCli(['export-frequency', '15m', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const calls = guardDutyMock.commandCalls(UpdateDetectorCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ DetectorId: 'det-1', FindingPublishingFrequency: 'FIFTEEN_MINUTES' }]);
    expect(JSON.parse(r.stdout).results[0].changes).toEqual([{ target: 'FindingPublishingFrequency', from: 'SIX_HOURS', to: 'FIFTEEN_MINUTES' }]);
  });

  it('writes nothing when the frequency already matches', async () => {
    existingDetector(allOn);
    const r = await runCli(['export-frequency', 'SIX_HOURS', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(writes()).toHaveLength(0);
  });

  it('without a detector: exit 1 telling the user to run gdeks enable first', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['export-frequency', '1h', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run `gdeks enable --features <file>` first/);
  });

  it('an unknown value: exit 2 listing the accepted values, no AWS call', async () => {
    const r = await runCli(['export-frequency', 'weekly', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stderr).toMatch(/15m \(FIFTEEN_MINUTES\)/);
  });
});
