import {
  BadRequestException,
  CreateDetectorCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { ndjsonResultsOf, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gdeks-enable-'));
let written = 0;
function writeTemp(features: object[]): string {
  const file = join(tmp, `features-${written++}.json`);
  writeFileSync(file, JSON.stringify(features));
  return file;
}

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
    // Created: the note says what happened, not what would.
    expect(r.stderr).toMatch(/note: us-east-1: GuardDuty also turned on .*S3_DATA_EVENTS/);
    expect(r.stderr).not.toMatch(/would/);
  });

  it('--dry-run on a region without a detector shows every billed optional feature GuardDuty would turn on as a row', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--dry-run']);
    expect(r.code).toBe(0);
    for (const name of ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+\\(not set\\) → ENABLED$`, 'm'));
    }
    expect(r.stdout).not.toMatch(/would be created \(4 changes\)/);
    const json = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--dry-run', '--only-listed', '-o', 'json']);
    const changes = JSON.parse(json.stdout).results[0].changes;
    expect(changes).toContainEqual({ target: 'S3_DATA_EVENTS', from: null, to: 'DISABLED' });
    expect(writes()).toHaveLength(0);
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
    const seed = new URL('../../examples/seed-config.json', import.meta.url).pathname;
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
    const res = JSON.parse(r.stdout).results[0];
    // Nothing was written: no action, the plan kept to say what the administrator would change.
    expect(res).toMatchObject({ action: null, error: { code: 'MemberAccount' } });
    expect(res.changes).toContainEqual({ target: 'EKS_AUDIT_LOGS', from: 'DISABLED', to: 'ENABLED' });
    expect(r.stderr).toMatch(/member of administrator account 111122223333/);
  });

  it('a failed region is reported once in the table: the outcome line, then the reason on stderr', async () => {
    existingDetector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ failed; nothing was changed/);
    expect(`${r.stdout}${r.stderr}`.match(/MemberAccount|member of administrator account/g)).toHaveLength(1);
  });

  it('a refused UpdateDetector keeps the plan, with action null: nothing was written', async () => {
    existingDetector([{ Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' }]);
    guardDutyMock.on(UpdateDetectorCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({ action: null, detectorId: 'det-1', error: { code: 'AccessDenied' } });
    expect(res.changes).toContainEqual({ target: 'EKS_AUDIT_LOGS', from: 'DISABLED', to: 'ENABLED' });
    expect(r.stderr).toMatch(/guardduty:UpdateDetector/);
  });

  it('-o ndjson prints one result object per line, the same objects as -o json', async () => {
    existingDetector(allOn);
    const argv = ['enable', '--features', EXAMPLE_CONFIG, '--regions', 'us-east-1,eu-west-1,ap-south-1'];
    const lines = await ndjsonResultsOf(argv);
    expect(lines.map((l) => l.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-south-1']);
  });

  it('a file that enables EKS_RUNTIME_MONITORING gets the deprecation note once, in a plan too; the exit code is unchanged', async () => {
    existingDetector(allOn);
    for (const extra of [[], ['--dry-run'], ['--check']]) {
      const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--regions', 'us-east-1,eu-west-1', ...extra]);
      expect(r.code, extra.join(' ')).toBe(0);
      expect(r.stderr.match(/EKS_RUNTIME_MONITORING is deprecated/g), extra.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(`note: ${EXAMPLE_CONFIG}: EKS_RUNTIME_MONITORING is deprecated`);
    }
  });

  it('a dry run adding RUNTIME_MONITORING on top of EKS_RUNTIME_MONITORING says both would be ENABLED, not that they are', async () => {
    existingDetector(allOn);
    const runtime = writeTemp([{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }]);
    const r = await runCli(['enable', '--features', runtime, '--region', 'us-east-1', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING would be ENABLED/);
    expect(r.stderr).not.toMatch(/are ENABLED/);
  });

  it('notes after a write say what is now so; after a refused write they stay conditional', async () => {
    existingDetector(allOn);
    guardDutyMock.on(UpdateDetectorCommand).resolves({});
    const runtime = writeTemp([{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }]);
    const applied = await runCli(['enable', '--features', runtime, '--region', 'us-east-1']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING are ENABLED/);
    guardDutyMock.on(UpdateDetectorCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const refused = await runCli(['enable', '--features', runtime, '--region', 'us-east-1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING would be ENABLED/);
  });

  it('--only-listed on an existing detector says it has no effect there instead of being ignored silently', async () => {
    existingDetector(allOn);
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--region', 'us-east-1', '--only-listed']);
    expect(r.code).toBe(0);
    expect(writes()).toHaveLength(0);
    expect(r.stderr).toMatch(/note: us-east-1: --only-listed applies only when a detector is created; detector det-1 exists/);
  });

  it('reports a bad flag and a bad features file together: every problem at once, exit 2, no AWS call', async () => {
    const r = await runCli(['enable', '--features', 'typo-name.json', '--frequency', '30m', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: --frequency: "30m" is not a publishing frequency/);
    expect(r.stderr).toMatch(/error: .*cannot read typo-name\.json: no such file/);
    expect(r.stderr).toMatch(/2 problems; nothing was sent to AWS/);
  });

  it('a missing --features is reported with the other flags\' problems', async () => {
    const r = await runCli(['enable', '--frequency', 'weekly', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stderr).toMatch(/enable needs --features <file>/);
    expect(r.stderr).toMatch(/--frequency: "weekly"/);
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

  it('without a detector: exit 1 telling the user to run gdeks enable first, once', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['export-frequency', '1h', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run `gdeks enable --features <file>` first/);
    expect(r.stdout).toMatch(/✗ failed; nothing was changed/);
    expect(`${r.stdout}${r.stderr}`.match(/NoDetector|no GuardDuty detector/g)).toHaveLength(1);
  });

  it('--check plans only: exit 3 on drift, 0 when in line, no write either way', async () => {
    existingDetector(allOn);
    const drift = await runCli(['export-frequency', '6h', '--region', 'us-east-1', '--check']);
    expect(drift.code).toBe(0);
    const other = await runCli(['export-frequency', '15m', '--region', 'us-east-1', '--check', '-o', 'json']);
    expect(other.code).toBe(3);
    expect(JSON.parse(other.stdout).results[0]).toMatchObject({ action: 'updated', dryRun: true });
    expect(writes()).toHaveLength(0);
  });

  it('in a member account: action null, the plan kept, exit 1, no write', async () => {
    existingDetector(allOn);
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(['export-frequency', '15m', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(writes()).toHaveLength(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({
      action: null,
      changes: [{ target: 'FindingPublishingFrequency', from: 'SIX_HOURS', to: 'FIFTEEN_MINUTES' }],
      error: { code: 'MemberAccount' },
    });
  });

  it('-o ndjson prints one result object per line', async () => {
    existingDetector(allOn);
    guardDutyMock.on(UpdateDetectorCommand).resolves({});
    const r = await runCli(['export-frequency', '1h', '--regions', 'us-east-1,eu-west-1', '-o', 'ndjson']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.region, l.action])).toEqual([['us-east-1', 'updated'], ['eu-west-1', 'updated']]);
  });

  it('an unknown value: exit 2 listing the accepted values, no AWS call', async () => {
    const r = await runCli(['export-frequency', 'weekly', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stderr).toMatch(/15m \(FIFTEEN_MINUTES\)/);
  });
});
