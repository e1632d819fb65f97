// The real binary against the project's GuardDuty test server, extended with organization and publishing
// destination operations: enable --organization and export-destination end to end, plus the organization
// adapter (members paging, member detectors in batches) against 1,000 member accounts.

import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { GuardDuty } from '../../src/aws/guardduty.js';
import { runBin } from '../helpers/bin.js';
import { configureDestinations, destinationsOf } from '../server/destinations.js';
import { configureOrganization, orgRegion, type OrganizationOptions } from '../server/org.js';
import { startGuardDutyServer, type RunningServer, type ServerOptions } from '../server/server.js';

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const open: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(org?: OrganizationOptions, options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startGuardDutyServer({ baseTime: '2026-06-01T00:00:00.000Z', ...options });
  open.push(server);
  if (org) configureOrganization(server.state, org);
  return server;
}

const gdeks = (server: RunningServer, args: string[]) => runBin([...args, '--endpoint-url', server.url]);
const orgFeature = (server: RunningServer, region: string, name: string) => orgRegion(server.state, region)?.features.get(name);

describe('enable --organization (the real binary)', () => {
  it('plans, applies, and a re-run writes nothing; --dry-run and --check never write', async () => {
    const server = await start({ role: 'delegated-admin', members: 30 });
    const dry = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/org:EKS_AUDIT_LOGS\s+NONE → NEW/);
    expect(dry.stdout).toMatch(/dry run: the organization configuration would be updated \(4 changes\)/);
    expect((await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1', '--check'])).code).toBe(3);
    expect(server.stats.byOperation.UpdateOrganizationConfiguration).toBeUndefined();
    expect(orgFeature(server, 'us-east-1', 'EKS_AUDIT_LOGS')?.autoEnable).toBe('NONE');

    const apply = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(apply.code).toBe(0);
    const res = JSON.parse(apply.stdout).results[0];
    expect(res).toMatchObject({ region: 'us-east-1', action: 'updated', dryRun: false });
    expect(res.changes).toEqual([
      { target: 'org:AutoEnableOrganizationMembers', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_AUDIT_LOGS', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_RUNTIME_MONITORING', from: 'NONE', to: 'NEW' },
      { target: 'org:EKS_RUNTIME_MONITORING/EKS_ADDON_MANAGEMENT', from: 'NONE', to: 'NEW' },
    ]);
    expect(server.stats.byOperation.UpdateOrganizationConfiguration).toBe(1);
    expect(orgFeature(server, 'us-east-1', 'EKS_AUDIT_LOGS')?.autoEnable).toBe('NEW');
    expect(orgFeature(server, 'us-east-1', 'EKS_RUNTIME_MONITORING')?.additional.get('EKS_ADDON_MANAGEMENT')).toBe('NEW');
    expect(orgFeature(server, 'us-east-1', 'S3_DATA_EVENTS')?.autoEnable).toBe('NONE');

    const again = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1', '--check']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged/);
    expect(server.stats.byOperation.UpdateOrganizationConfiguration).toBe(1);
  });

  it('--auto-enable all across --regions; the admin\'s own detector is left alone', async () => {
    const server = await start({ role: 'delegated-admin' });
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--auto-enable', 'all', '--regions', 'us-east-1,eu-west-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { region: string; action: string }) => `${x.region}:${x.action}`)).toEqual(['us-east-1:updated', 'eu-west-1:updated']);
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(orgRegion(server.state, region)?.autoEnableMembers).toBe('ALL');
      expect(orgFeature(server, region, 'EKS_AUDIT_LOGS')?.autoEnable).toBe('ALL');
      expect(server.state.region(region).detector?.features.get('EKS_AUDIT_LOGS')?.status).toBe('DISABLED');
    }
    expect(server.stats.byOperation.UpdateDetector).toBeUndefined();
    expect(r.stderr).toMatch(/own detector does not have EKS_AUDIT_LOGS/);
  });

  it('from a member account: exit 1, the administrator named, nothing written', async () => {
    const server = await start(undefined, { memberOf: '111122223333' });
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ action: null, error: { code: 'MemberAccount' } });
    expect(r.stderr).toMatch(/its administrator is account 111122223333/);
    expect(server.stats.byOperation.UpdateOrganizationConfiguration).toBeUndefined();
  });

  it('from the management account: names the delegated administrator', async () => {
    const server = await start({ role: 'management', delegatedAdmin: '444455556666' });
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not its GuardDuty delegated administrator \(account 444455556666\)/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('from a standalone account: says so, with how to find the administrator', async () => {
    const server = await start();
    const r = await gdeks(server, ['enable', '--features', EXAMPLE, '--organization', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not the GuardDuty delegated administrator of an organization/);
    expect(r.stderr).toMatch(/aws guardduty list-organization-admin-accounts/);
  });
});

describe('export-destination s3 (the real binary)', () => {
  const args = (bucket = BUCKET, ...extra: string[]) => ['export-destination', 's3', '--bucket-arn', bucket, '--kms-key-arn', KEY, '--region', 'us-east-1', ...extra];

  it('creates, then a re-run writes nothing, then repoints; --dry-run writes nothing', async () => {
    const server = await start();
    const created = await gdeks(server, args(BUCKET, '-o', 'json'));
    expect(created.code).toBe(0);
    const res = JSON.parse(created.stdout).results[0];
    expect(res).toMatchObject({ action: 'created', destination: { destinationArn: BUCKET, kmsKeyArn: KEY, status: 'PUBLISHING', failingSince: null } });
    expect(destinationsOf(server.state, 'us-east-1')).toHaveLength(1);

    const again = await gdeks(server, args());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/✓ unchanged/);
    expect(again.stdout).toMatch(/Status\s+PUBLISHING/);
    expect(server.stats.byOperation.CreatePublishingDestination).toBe(1);
    expect(server.stats.byOperation.UpdatePublishingDestination).toBeUndefined();

    const dry = await gdeks(server, args('arn:aws:s3:::other-bucket', '--dry-run'));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/DestinationArn\s+arn:aws:s3:::findings-bucket\/guardduty → arn:aws:s3:::other-bucket/);
    expect(server.stats.byOperation.UpdatePublishingDestination).toBeUndefined();

    const moved = await gdeks(server, args('arn:aws:s3:::other-bucket', '-o', 'json'));
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout).results[0]).toMatchObject({ action: 'updated', destination: { destinationArn: 'arn:aws:s3:::other-bucket' } });
    expect(destinationsOf(server.state, 'us-east-1').map((d) => d.destinationArn)).toEqual(['arn:aws:s3:::other-bucket']);
  });

  it('a bucket GuardDuty cannot write to: exit 1 with the fix list', async () => {
    const server = await start();
    configureDestinations(server.state, { failingBuckets: ['locked-bucket'] });
    const r = await gdeks(server, args('arn:aws:s3:::locked-bucket'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY/);
    expect(r.stderr).toMatch(/key policy allows guardduty\.amazonaws\.com kms:GenerateDataKey/);
  });

  it('bad ARNs exit 2 and the server sees no request', async () => {
    const server = await start();
    const r = await gdeks(server, ['export-destination', 's3', '--bucket-arn', 'findings-bucket', '--kms-key-arn', 'alias/gd', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/looks like a bucket name/);
    expect(r.stderr).toMatch(/is an alias/);
    expect(server.stats.requests).toBe(0);
  });

  it('fans out over --regions; a region without a detector fails alone', async () => {
    const server = await start();
    server.state.region('eu-west-1').deleteDetector();
    const r = await gdeks(server, ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY, '--regions', 'us-east-1,eu-west-1', '-o', 'json']);
    expect(r.code).toBe(1);
    const [ok, failed] = JSON.parse(r.stdout).results;
    expect(ok).toMatchObject({ region: 'us-east-1', action: 'created' });
    expect(failed).toMatchObject({ region: 'eu-west-1', action: null, destination: null, error: { code: 'NoDetector' } });
  });
});

describe('status --organization (the real binary)', () => {
  it('1,000 members: every one listed (ListMembers 50 per page), detectors in batches of 50, coverage grouped by account', async () => {
    const server = await start({ role: 'delegated-admin', members: 1000, autoEnableOrganizationMembers: 'ALL' });
    const r = await gdeks(server, ['status', '--organization', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const region = JSON.parse(r.stdout).regions[0];
    expect(region.members).toHaveLength(1000);
    expect(new Set(region.members.map((m: { accountId: string }) => m.accountId)).size).toBe(1000);
    expect(server.stats.byOperation.ListMembers).toBe(20);
    const enabled = orgRegion(server.state, 'us-east-1')?.members.filter((m) => m.relationshipStatus === 'Enabled') ?? [];
    expect(region.summary.enabled).toBe(enabled.length);
    expect(server.stats.byOperation.GetMemberDetectors).toBe(Math.ceil(enabled.length / 50));
    const s = region.summary;
    expect(s.protected + s.degraded + s.notProtected + s.unknown).toBe(1000);
    expect(s.unknown).toBe(0);
    // Each member's clusters are the ones the server generated for that account, and only those.
    const withClusters = enabled.find((m) => m.clusters.length > 0 && ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'].some((f) => m.features.get(f)?.status === 'ENABLED'));
    const row = region.members.find((m: { accountId: string }) => m.accountId === withClusters?.accountId);
    expect(row.clusters.map((c: { name: string }) => c.name).sort()).toEqual(withClusters?.clusters.map((c) => c.name).sort());
    expect(s.clusters).toBe(region.members.reduce((n: number, m: { clusters: unknown[] | null }) => n + (m.clusters?.length ?? 0), 0));
    expect(region.organization.autoEnableOrganizationMembers).toBe('ALL');
  });

  it('COLUMNS=80 through a pipe: every line fits, the reasons move below the table and are wrapped', async () => {
    const server = await start({
      role: 'delegated-admin',
      members: [
        { accountId: '111111111111', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] }], clusters: [{ name: 'shop' }] },
        { accountId: '222222222222', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED' }], clusters: [{ name: 'pay', coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', coveredNodes: 0, compatibleNodes: 2 }] },
        { accountId: '333333333333', features: [{ name: 'EKS_AUDIT_LOGS', status: 'DISABLED' }, { name: 'RUNTIME_MONITORING', status: 'DISABLED' }] },
      ],
    });
    const r = await runBin(['status', '--organization', '--region', 'us-east-1', '--endpoint-url', server.url], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^ +ACCOUNT +.*VERDICT$/m);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/222222222222 degraded: .*pay \(UNHEALTHY: No Agent Reporting/);
  });

  it('--fail-unprotected covers members; the table names each member', async () => {
    const server = await start({
      role: 'delegated-admin',
      members: [
        { accountId: '111111111111', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] }], clusters: [{ name: 'shop' }] },
        { accountId: '222222222222', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED' }], clusters: [{ name: 'pay', coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', coveredNodes: 0, compatibleNodes: 2 }] },
      ],
    });
    const r = await gdeks(server, ['status', '--organization', '--fail-unprotected', '--regions', 'us-east-1,eu-west-1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/111111111111\s+Enabled\s+on\s+RUNTIME\s+managed\s+1\/1 healthy\s+protected/);
    expect(r.stdout).toMatch(/222222222222\s+Enabled\s+on\s+RUNTIME\s+manual\s+0\/1 healthy\s+degraded\s+.*pay \(UNHEALTHY: No Agent Reporting/);
    expect(r.stdout).toMatch(/^eu-west-1/m);
    const ok = await start({ role: 'delegated-admin', members: [{ accountId: '111111111111', features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }, { name: 'RUNTIME_MONITORING', status: 'ENABLED' }] }] });
    expect((await gdeks(ok, ['status', '--organization', '--fail-unprotected', '--region', 'us-east-1'])).code).toBe(0);
  });

  it('from a standalone account: exit 1 with the not-administrator message', async () => {
    const server = await start();
    const r = await gdeks(server, ['status', '--organization', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not the GuardDuty delegated administrator/);
  });
});

describe('organization adapter against 1,000 member accounts', () => {
  it('lists every member 50 per page and reads their detectors in batches of 50', async () => {
    const server = await start({ role: 'delegated-admin', members: 1000 });
    const client = new GuardDutyClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
    const gd = new GuardDuty(client, 'us-east-1');
    const detectorId = (await gd.listDetectorIds())[0] ?? '';
    const members = await gd.listMembers(detectorId);
    expect(members).toHaveLength(1000);
    expect(new Set(members.map((m) => m.accountId)).size).toBe(1000);
    expect(server.stats.byOperation.ListMembers).toBe(20);
    const detectors = await gd.getMemberDetectors(detectorId, members.map((m) => m.accountId));
    expect(server.stats.byOperation.GetMemberDetectors).toBe(20);
    const associated = members.filter((m) => m.relationshipStatus === 'Enabled' || m.relationshipStatus === 'Disabled');
    expect(detectors.members).toHaveLength(associated.length);
    expect(detectors.unprocessed).toHaveLength(1000 - associated.length);
    expect(detectors.members[0]?.features.find((f) => f.Name === 'EKS_AUDIT_LOGS')?.Status).toMatch(/^(ENABLED|DISABLED)$/);
  });
});
