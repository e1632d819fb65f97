// Drives the organization and publishing-destination routes with the real SDK: validation like the service's,
// roles (standalone, member, management, delegated administrator) and pagination of 1,000 members.

import {
  CreatePublishingDestinationCommand,
  DeletePublishingDestinationCommand,
  DescribeOrganizationConfigurationCommand,
  DescribePublishingDestinationCommand,
  GetMemberDetectorsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListPublishingDestinationsCommand,
  UpdateOrganizationConfigurationCommand,
  UpdatePublishingDestinationCommand,
  paginateListCoverage,
  paginateListMembers,
  UpdateDetectorCommand,
  type UpdateOrganizationConfigurationCommandInput,
} from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { configureDestinations, destinationsOf } from './destinations.js';
import { BOTH_OR_NEITHER, configureOrganization, NOT_ORG_ADMIN, orgRegion, type OrganizationOptions } from './org.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from './server.js';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const open: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(org?: OrganizationOptions, options: ServerOptions = {}): Promise<{ server: RunningServer; gd: GuardDutyClient; id: string }> {
  const server = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z', ...options });
  open.push(server);
  if (org) configureOrganization(server.state, org);
  const gd = new GuardDutyClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const id = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
  return { server, gd, id };
}

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected the call to fail');
}

describe('organization configuration', () => {
  it('refuses a standalone account, a member account and the management account with the AWS 400', async () => {
    for (const [org, options] of [[undefined, {}], [undefined, { memberOf: '111122223333' }], [{ role: 'management' as const }, {}]] as const) {
      const { gd, id } = await start(org, options);
      expect(await failure(gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: id })))).toEqual({ name: 'BadRequestException', message: NOT_ORG_ADMIN });
      expect(await failure(gd.send(new UpdateOrganizationConfigurationCommand({ DetectorId: id, AutoEnableOrganizationMembers: 'NEW' })))).toMatchObject({ message: NOT_ORG_ADMIN });
    }
  });

  it('describes and updates with merge by name, as the delegated administrator', async () => {
    const { gd, id } = await start({ role: 'delegated-admin', autoEnableOrganizationMembers: 'NEW', features: [{ name: 'S3_DATA_EVENTS', autoEnable: 'ALL' }] });
    const before = await gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: id }));
    expect(before.AutoEnableOrganizationMembers).toBe('NEW');
    expect(before.MemberAccountLimitReached).toBe(false);
    const features = new Map(before.Features?.map((f) => [f.Name, f]));
    expect(features.get('S3_DATA_EVENTS')?.AutoEnable).toBe('ALL');
    expect(features.get('EKS_AUDIT_LOGS')?.AutoEnable).toBe('NONE');
    expect(features.get('EKS_RUNTIME_MONITORING')?.AdditionalConfiguration).toEqual([{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NONE' }]);
    await gd.send(new UpdateOrganizationConfigurationCommand({
      DetectorId: id,
      AutoEnableOrganizationMembers: 'ALL',
      Features: [{ Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] }],
    }));
    const after = await gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: id }));
    const now = new Map(after.Features?.map((f) => [f.Name, f]));
    expect(after.AutoEnableOrganizationMembers).toBe('ALL');
    expect(now.get('S3_DATA_EVENTS')?.AutoEnable).toBe('ALL');
    expect(now.get('EKS_RUNTIME_MONITORING')).toEqual({ Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] });
    expect(after.DataSources?.S3Logs?.AutoEnable).toBe(true);
  });

  it.each<[string, Omit<UpdateOrganizationConfigurationCommandInput, 'DetectorId'>, RegExp]>([
    ['neither autoEnable nor autoEnableOrganizationMembers', { Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }] }, new RegExp(BOTH_OR_NEITHER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
    ['both autoEnable and autoEnableOrganizationMembers', { AutoEnable: true, AutoEnableOrganizationMembers: 'NEW' }, /but not both/],
    ['an unknown feature', { AutoEnableOrganizationMembers: 'NEW', Features: [{ Name: 'FLOW_LOGS' as never, AutoEnable: 'NEW' }] }, /invalid or out-of-range/],
    ['an unknown level', { AutoEnableOrganizationMembers: 'NEW', Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'SOME' as never }] }, /invalid or out-of-range/],
    ['both runtime features', { AutoEnableOrganizationMembers: 'NEW', Features: [{ Name: 'EKS_RUNTIME_MONITORING', AutoEnable: 'NEW' }, { Name: 'RUNTIME_MONITORING', AutoEnable: 'NEW' }] }, /cannot both be specified/],
    ['an additional configuration of another feature', { AutoEnableOrganizationMembers: 'NEW', Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'NEW' }] }] }, /does not apply to EKS_AUDIT_LOGS/],
    ['dataSources with features', { AutoEnableOrganizationMembers: 'NEW', DataSources: { S3Logs: { AutoEnable: true } }, Features: [{ Name: 'EKS_AUDIT_LOGS', AutoEnable: 'NEW' }] }, /both dataSources and features/],
  ])('rejects %s', async (_what, input, message) => {
    const { gd, id } = await start({ role: 'delegated-admin' });
    const err = await failure(gd.send(new UpdateOrganizationConfigurationCommand({ DetectorId: id, ...input })));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(message);
  });

  it('accepts the deprecated forms alone (autoEnable, dataSources)', async () => {
    const { gd, id } = await start({ role: 'delegated-admin' });
    await gd.send(new UpdateOrganizationConfigurationCommand({ DetectorId: id, AutoEnable: true, DataSources: { Kubernetes: { AuditLogs: { AutoEnable: true } } } }));
    const after = await gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: id }));
    expect(after.AutoEnableOrganizationMembers).toBe('NEW');
    expect(after.Features?.find((f) => f.Name === 'EKS_AUDIT_LOGS')?.AutoEnable).toBe('NEW');
  });

  it('lists the delegated administrator to the management account only', async () => {
    const { gd } = await start({ role: 'management', delegatedAdmin: '444455556666' });
    expect((await gd.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([{ AdminAccountId: '444455556666', AdminStatus: 'ENABLED' }]);
    const other = await start({ role: 'delegated-admin' });
    expect(await failure(other.gd.send(new ListOrganizationAdminAccountsCommand({})))).toMatchObject({ message: NOT_ORG_ADMIN });
  });
});

describe('members', () => {
  it('pages 1,000 members 50 at a time, every account once; onlyAssociated defaults to true', async () => {
    const { server, gd, id } = await start({ role: 'delegated-admin', members: 1000 });
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListMembers({ client: gd, pageSize: 50 }, { DetectorId: id, OnlyAssociated: 'false' })) {
      pages++;
      expect(page.Members?.length).toBeLessThanOrEqual(50);
      seen.push(...(page.Members ?? []).map((m) => m.AccountId ?? ''));
    }
    expect(pages).toBe(20);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(server.stats.byOperation.ListMembers).toBe(20);
    const statuses = new Set(orgRegion(server.state, 'us-east-1')?.members.map((m) => m.relationshipStatus));
    expect(statuses.size).toBeGreaterThan(3);

    const associated: string[] = [];
    for await (const page of paginateListMembers({ client: gd }, { DetectorId: id })) associated.push(...(page.Members ?? []).map((m) => m.RelationshipStatus ?? ''));
    expect(associated.length).toBeLessThan(1000);
    expect(new Set(associated)).toEqual(new Set(['Enabled', 'Disabled']));
  });

  it('validates maxResults (1..50), onlyAssociated and the token', async () => {
    const { gd, id } = await start({ role: 'delegated-admin', members: 120 });
    expect((await failure(gd.send(new ListMembersCommand({ DetectorId: id, MaxResults: 51 })))).name).toBe('BadRequestException');
    expect((await failure(gd.send(new ListMembersCommand({ DetectorId: id, OnlyAssociated: 'yes' })))).name).toBe('BadRequestException');
    const first = await gd.send(new ListMembersCommand({ DetectorId: id, OnlyAssociated: 'false', MaxResults: 10 }));
    expect(first.NextToken).toBeTruthy();
    // A token is bound to its query: replayed with another onlyAssociated it is rejected.
    expect((await failure(gd.send(new ListMembersCommand({ DetectorId: id, OnlyAssociated: 'true', NextToken: first.NextToken })))).message).toMatch(/nextToken is invalid/);
  });

  it('a standalone account has no members (an empty list, not an error)', async () => {
    const { gd, id } = await start();
    expect((await gd.send(new ListMembersCommand({ DetectorId: id }))).Members).toEqual([]);
  });

  it('GetMemberDetectors: 1..50 twelve-digit ids; features per associated member, the rest unprocessed', async () => {
    const { gd, id } = await start({
      role: 'delegated-admin',
      members: [
        { accountId: '111111111111', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }] },
        { accountId: '222222222222', relationshipStatus: 'Removed' },
      ],
    });
    const out = await gd.send(new GetMemberDetectorsCommand({ DetectorId: id, AccountIds: ['111111111111', '222222222222', '333333333333'] }));
    expect(out.MemberDataSourceConfigurations?.map((m) => m.AccountId)).toEqual(['111111111111']);
    const features = new Map(out.MemberDataSourceConfigurations?.[0]?.Features?.map((f) => [f.Name, f.Status]));
    expect(features.get('EKS_AUDIT_LOGS')).toBe('ENABLED');
    expect(features.get('EKS_RUNTIME_MONITORING')).toBe('DISABLED');
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual(['222222222222', '333333333333']);
    const ids = Array.from({ length: 51 }, (_, i) => String(100000000000 + i));
    expect((await failure(gd.send(new GetMemberDetectorsCommand({ DetectorId: id, AccountIds: ids })))).name).toBe('BadRequestException');
    expect((await failure(gd.send(new GetMemberDetectorsCommand({ DetectorId: id, AccountIds: ['12345'] })))).name).toBe('BadRequestException');
    expect((await failure(gd.send(new GetMemberDetectorsCommand({ DetectorId: id, AccountIds: [] })))).name).toBe('BadRequestException');
  });
});

describe('publishing destinations', () => {
  const props = { DestinationArn: 'arn:aws:s3:::findings-bucket/gd', KmsKeyArn: KEY };

  it('create, list, describe, update, delete', async () => {
    const { server, gd, id } = await start();
    configureDestinations(server.state, { failingBuckets: ['broken-bucket'] });
    const { DestinationId } = await gd.send(new CreatePublishingDestinationCommand({ DetectorId: id, DestinationType: 'S3', DestinationProperties: props }));
    expect(DestinationId).toMatch(/^[0-9a-f]{32}$/);
    expect((await gd.send(new ListPublishingDestinationsCommand({ DetectorId: id }))).Destinations).toEqual([{ DestinationId, DestinationType: 'S3', Status: 'PUBLISHING' }]);
    const d = await gd.send(new DescribePublishingDestinationCommand({ DetectorId: id, DestinationId }));
    expect(d).toMatchObject({ Status: 'PUBLISHING', PublishingFailureStartTimestamp: 0, DestinationProperties: props });
    await gd.send(new UpdatePublishingDestinationCommand({ DetectorId: id, DestinationId, DestinationProperties: { ...props, DestinationArn: 'arn:aws:s3:::broken-bucket' } }));
    const broken = await gd.send(new DescribePublishingDestinationCommand({ DetectorId: id, DestinationId }));
    expect(broken.Status).toBe('UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
    expect(broken.PublishingFailureStartTimestamp).toBeGreaterThan(0);
    await gd.send(new DeletePublishingDestinationCommand({ DetectorId: id, DestinationId }));
    expect(destinationsOf(server.state, 'us-east-1')).toEqual([]);
    expect(await failure(gd.send(new DescribePublishingDestinationCommand({ DetectorId: id, DestinationId })))).toMatchObject({ name: 'BadRequestException' });
  });

  it('a retried create with the same client token returns the same destination', async () => {
    const { gd, id } = await start();
    const a = await gd.send(new CreatePublishingDestinationCommand({ DetectorId: id, DestinationType: 'S3', DestinationProperties: props, ClientToken: 'tok' }));
    const b = await gd.send(new CreatePublishingDestinationCommand({ DetectorId: id, DestinationType: 'S3', DestinationProperties: props, ClientToken: 'tok' }));
    expect(b.DestinationId).toBe(a.DestinationId);
    expect((await gd.send(new ListPublishingDestinationsCommand({ DetectorId: id }))).Destinations).toHaveLength(1);
  });

  it.each([
    ['an S3 URL', { DestinationArn: 's3://findings-bucket', KmsKeyArn: KEY }],
    ['a key alias', { DestinationArn: 'arn:aws:s3:::findings-bucket', KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/gd' }],
    ['no key', { DestinationArn: 'arn:aws:s3:::findings-bucket' }],
  ])('rejects %s', async (_what, properties) => {
    const { gd, id } = await start();
    const err = await failure(gd.send(new CreatePublishingDestinationCommand({ DetectorId: id, DestinationType: 'S3', DestinationProperties: properties })));
    expect(err.name).toBe('BadRequestException');
  });

  it('another account\'s detector id is refused', async () => {
    const { gd } = await start();
    const err = await failure(gd.send(new ListPublishingDestinationsCommand({ DetectorId: 'f'.repeat(32) })));
    expect(err).toMatchObject({ name: 'BadRequestException' });
  });
});

describe('ListCoverage of a delegated administrator with members', () => {
  it("lists every covered member cluster once over the pages, and the administrator's own clusters once its runtime monitoring is on", async () => {
    const { gd, id } = await start({ role: 'delegated-admin', members: 500 });
    const everything = async () => {
      const ids: string[] = [];
      for await (const page of paginateListCoverage({ client: gd, pageSize: 50 }, { DetectorId: id })) ids.push(...(page.Resources ?? []).map((r) => `${r.AccountId}/${r.ResourceId}`));
      return ids;
    };
    const before = await everything();
    expect(before.length).toBeGreaterThan(50);
    expect(new Set(before).size).toBe(before.length);
    expect(before.some((r) => r.startsWith('123456789012/'))).toBe(false);
    await gd.send(new UpdateDetectorCommand({ DetectorId: id, Features: [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }] }));
    const after = await everything();
    expect(after.filter((r) => r.startsWith('123456789012/')).length).toBeGreaterThan(0);
    expect(after.filter((r) => !r.startsWith('123456789012/'))).toEqual(before);
  });
});
