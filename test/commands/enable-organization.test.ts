import {
  BadRequestException,
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand,
  type DescribeOrganizationConfigurationCommandOutput,
} from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { ndjsonResultsOf, runCli } from '../helpers/cli.js';

const NOT_ADMIN = 'The request failed because you do not have required AWS Organization master permission.';
const orgWrites = () => guardDutyMock.commandCalls(UpdateOrganizationConfigurationCommand);

function administrator(org: Partial<DescribeOrganizationConfigurationCommandOutput>) {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-admin'] });
  guardDutyMock.on(GetDetectorCommand).resolves({
    ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
    Status: 'ENABLED',
    Features: [
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ],
  });
  guardDutyMock.on(DescribeOrganizationConfigurationCommand).resolves({ MemberAccountLimitReached: false, ...org });
  guardDutyMock.on(UpdateOrganizationConfigurationCommand).resolves({});
  guardDutyMock.on(GetAdministratorAccountCommand).resolves({});
}

const none = {
  AutoEnableOrganizationMembers: 'NONE' as const,
  Features: [
    { Name: 'S3_DATA_EVENTS' as const, AutoEnable: 'NEW' as const },
    { Name: 'EKS_AUDIT_LOGS' as const, AutoEnable: 'NONE' as const },
    { Name: 'EKS_RUNTIME_MONITORING' as const, AutoEnable: 'NONE' as const, AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT' as const, AutoEnable: 'NONE' as const }] },
  ],
};

const args = (...extra: string[]) => ['enable', '--features', EXAMPLE_CONFIG, '--organization', '--region', 'us-east-1', ...extra];

describe('gdeks enable --organization', () => {
  beforeEach(resetAwsMocks);

  it('sends exactly the differing features at the chosen level, and AutoEnableOrganizationMembers, never the deprecated fields', async () => {
    administrator(none);
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(0);
    expect(orgWrites()).toHaveLength(1);
    expect(orgWrites()[0]?.args[0].input).toEqual({
      DetectorId: 'det-admin',
      AutoEnableOrganizationMembers: 'NEW',
      Features: [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] },
      ],
    });
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({ region: 'us-east-1', detectorId: 'det-admin', action: 'updated', dryRun: false });
    expect(res.changes).toContainEqual({ target: 'org:AutoEnableOrganizationMembers', from: 'NONE', to: 'NEW' });
    expect(res.changes).toContainEqual({ target: 'org:EKS_AUDIT_LOGS', from: 'NONE', to: 'NEW' });
    // The organization run never touches the administrator's own detector.
    expect(guardDutyMock.commandCalls(UpdateDetectorCommand)).toHaveLength(0);
  });

  it('only the feature that differs is sent (S3_DATA_EVENTS, not in the file, is left alone)', async () => {
    administrator({
      AutoEnableOrganizationMembers: 'NEW',
      Features: [
        { Name: 'S3_DATA_EVENTS', AutoEnable: 'NONE' },
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NONE' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] },
      ],
    });
    const r = await runCli(args());
    expect(r.code).toBe(0);
    expect(orgWrites()[0]?.args[0].input).toEqual({
      DetectorId: 'det-admin',
      AutoEnableOrganizationMembers: 'NEW',
      Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }],
    });
    expect(r.stdout).toMatch(/org:EKS_AUDIT_LOGS\s+NONE → NEW/);
    expect(r.stdout).toMatch(/✓ organization configuration updated \(1 change\)/);
  });

  it('--auto-enable all maps ENABLED to ALL', async () => {
    administrator(none);
    const r = await runCli(args('--auto-enable', 'all'));
    expect(r.code).toBe(0);
    const input = orgWrites()[0]?.args[0].input;
    expect(input?.AutoEnableOrganizationMembers).toBe('ALL');
    expect(input?.Features?.map((f) => f.AutoEnable)).toEqual(['ALL', 'ALL']);
    expect(r.stderr).toMatch(/24 hours/);
  });

  it('writes nothing when the organization already matches: action unchanged', async () => {
    administrator({
      AutoEnableOrganizationMembers: 'NEW',
      Features: [
        { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' },
        { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] },
      ],
    });
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(0);
    expect(orgWrites()).toHaveLength(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: 'unchanged', changes: [] });
  });

  it('--dry-run plans and writes nothing; --check exits 3 on drift and 0 when in line', async () => {
    administrator(none);
    const dry = await runCli(args('--dry-run', '-o', 'json'));
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).results[0]).toMatchObject({ action: 'updated', dryRun: true });
    const check = await runCli(args('--check'));
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/drift: 4 changes needed/);
    expect(orgWrites()).toHaveLength(0);
    resetAwsMocks();
    administrator({ AutoEnableOrganizationMembers: 'ALL', Features: [
      { Name: 'EKS_AUDIT_LOGS', AutoEnable: 'ALL' },
      { Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' }] },
    ] });
    expect((await runCli(args('--check'))).code).toBe(0);
    expect(orgWrites()).toHaveLength(0);
  });

  it('in a member account names its administrator instead of surfacing the 400, exit 1, no write', async () => {
    administrator(none);
    guardDutyMock.on(DescribeOrganizationConfigurationCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(orgWrites()).toHaveLength(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: null, error: { code: 'MemberAccount' } });
    expect(r.stderr).toMatch(/member account; its administrator is account 111122223333/);
  });

  it('from the management account names the delegated administrator', async () => {
    administrator(none);
    guardDutyMock.on(DescribeOrganizationConfigurationCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    guardDutyMock.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: '444455556666', AdminStatus: 'ENABLED' }] });
    const r = await runCli(args());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/management account, not its GuardDuty delegated administrator \(account 444455556666\)/);
    expect(orgWrites()).toHaveLength(0);
  });

  it('from a standalone account says it is not the delegated administrator and how to find it', async () => {
    administrator(none);
    guardDutyMock.on(DescribeOrganizationConfigurationCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    guardDutyMock.on(ListOrganizationAdminAccountsCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0].error.code).toBe('NotDelegatedAdministrator');
    expect(r.stderr).toMatch(/not the GuardDuty delegated administrator/);
    expect(r.stderr).toMatch(/list-organization-admin-accounts/);
  });

  it('a refused write keeps the plan in the result and exits 1', async () => {
    administrator(none);
    guardDutyMock.on(UpdateOrganizationConfigurationCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout).results[0];
    // Nothing was written: no action; the plan says what the right account would change.
    expect(res).toMatchObject({ action: null, error: { code: 'MemberAccount' } });
    expect(res.changes.length).toBe(4);
  });

  it('a refused write prints its reason once: the table says it failed, stderr says why', async () => {
    administrator(none);
    guardDutyMock.on(UpdateOrganizationConfigurationCommand).rejects(new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: NOT_ADMIN }));
    guardDutyMock.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '111122223333', RelationshipStatus: 'Enabled' } });
    const r = await runCli(args());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ failed; nothing was changed/);
    expect(`${r.stdout}${r.stderr}`.match(/MemberAccount|its administrator is account 111122223333/g)).toHaveLength(1);
  });

  it('-o ndjson prints one result object per line, the same objects as -o json', async () => {
    administrator(none);
    const argv = ['enable', '--features', EXAMPLE_CONFIG, '--organization', '--regions', 'us-east-1,eu-west-1', '--dry-run'];
    expect(await ndjsonResultsOf(argv)).toHaveLength(2);
  });

  it('notes the deprecated EKS_RUNTIME_MONITORING in the file, once; a dry run words its consequences in the conditional', async () => {
    administrator(none);
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--organization', '--auto-enable', 'all', '--dry-run', '--regions', 'us-east-1,eu-west-1']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/EKS_RUNTIME_MONITORING is deprecated/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/ALL would also apply to existing member accounts/);
  });

  it('other 400s pass through unchanged', async () => {
    administrator(none);
    guardDutyMock.on(UpdateOrganizationConfigurationCommand).rejects(
      new BadRequestException({ $metadata: { httpStatusCode: 400 }, message: 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.' }),
    );
    const r = await runCli(args('-o', 'json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0].error.code).toBe('BadRequestException');
  });

  it('a region without a detector fails with a hint; the others still run', async () => {
    administrator(none);
    guardDutyMock.on(ListDetectorsCommand).callsFake(async (_input, getClient) => ({
      DetectorIds: (await getClient().config.region()) === 'eu-west-1' ? [] : ['det-admin'],
    }));
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--organization', '--regions', 'us-east-1,eu-west-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const [ok, failed] = JSON.parse(r.stdout).results;
    expect(ok).toMatchObject({ region: 'us-east-1', action: 'updated' });
    expect(failed).toMatchObject({ region: 'eu-west-1', action: null, error: { code: 'NoDetector' } });
    expect(failed.error.message).toMatch(/without --organization first/);
    expect(orgWrites()).toHaveLength(1);
  });

  it.each([
    [['--auto-enable', 'existing'], /--auto-enable: "existing" is not a level; use new, all or none/],
    [['--frequency', '15m'], /--frequency configures this account's own detector/],
    [['--only-listed', '--resume'], /--only-listed, --resume configure this account's own detector/],
  ])('rejects %j before any AWS call (exit 2)', async (extra, message) => {
    const r = await runCli(args(...extra));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('reports every flag problem and the features file\'s together (exit 2, no AWS call)', async () => {
    const r = await runCli(['enable', '--features', 'typo-name.json', '--organization', '--auto-enable', 'existing', '--frequency', '15m', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
    expect(r.stderr).toMatch(/--frequency configures this account's own detector/);
    expect(r.stderr).toMatch(/--auto-enable: "existing" is not a level/);
    expect(r.stderr).toMatch(/cannot read typo-name\.json: no such file/);
    expect(r.stderr).toMatch(/3 problems; nothing was sent to AWS/);
  });

  it('--auto-enable without --organization is a usage error', async () => {
    const r = await runCli(['enable', '--features', EXAMPLE_CONFIG, '--auto-enable', 'new', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/add --organization/);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });
});
