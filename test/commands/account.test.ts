// The Account adapter behind `--regions all`: ListRegions paged through the loop guard, each page's shape
// checked, disabled regions left out, and a denial that names the permission and the way around it.
import { AccessDeniedException, AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Account } from '../../src/aws/account.js';
import { AwsError } from '../../src/errors.js';

const accountMock = mockClient(AccountClient);

function account(): Account {
  return new Account(new AccountClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' } }), 'us-east-1');
}

async function failure(p: Promise<unknown>): Promise<AwsError> {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AwsError);
  return e as AwsError;
}

describe('Account.listEnabledRegions', () => {
  beforeEach(() => accountMock.reset());

  it('asks for ENABLED and ENABLED_BY_DEFAULT, follows every page, keeps the listed order', async () => {
    accountMock
      .on(ListRegionsCommand)
      .resolvesOnce({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }], NextToken: 'p2' })
      .resolvesOnce({ Regions: [{ RegionName: 'ap-east-1', RegionOptStatus: 'ENABLED' }] });
    expect(await account().listEnabledRegions()).toEqual(['us-east-1', 'eu-south-1', 'ap-east-1']);
    const calls = accountMock.commandCalls(ListRegionsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.RegionOptStatusContains).toEqual(['ENABLED', 'ENABLED_BY_DEFAULT']);
    expect(calls[0]?.MaxResults).toBe(50);
    expect(calls[1]?.NextToken).toBe('p2');
  });

  it('leaves out a region an endpoint lists despite the filter (DISABLED, DISABLING)', async () => {
    accountMock.on(ListRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' },
        { RegionName: 'me-south-1', RegionOptStatus: 'DISABLING' },
      ],
    });
    expect(await account().listEnabledRegions()).toEqual(['us-east-1']);
  });

  it('stops a listing that repeats its page token', async () => {
    accountMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED' }], NextToken: 'same' });
    const e = await failure(account().listEnabledRegions());
    expect(e.code).toBe('PaginationLoop');
    expect(accountMock.commandCalls(ListRegionsCommand).length).toBeLessThan(5);
  });

  it('a malformed answer is an error, never "no regions"', async () => {
    accountMock.on(ListRegionsCommand).resolves({ Regions: 'us-east-1' } as never);
    expect((await failure(account().listEnabledRegions())).code).toBe('MalformedResponse');
    accountMock.reset();
    accountMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'US East', RegionOptStatus: 'ENABLED' }] });
    expect((await failure(account().listEnabledRegions())).message).toMatch(/malformed answer: a region named "US East"/);
  });

  it('no enabled region listed: an error that suggests --regions', async () => {
    accountMock.on(ListRegionsCommand).resolves({ Regions: [] });
    const e = await failure(account().listEnabledRegions());
    expect(e.message).toMatch(/listed no enabled region/);
    expect(e.details.join('\n')).toMatch(/--regions us-east-1,eu-west-1/);
  });

  it('denied: names account:ListRegions and the way around it', async () => {
    accountMock.on(ListRegionsCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'not authorized to perform: account:ListRegions' }));
    const e = await failure(account().listEnabledRegions());
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toBe("--regions all: the caller may not list the account's regions: access denied to account:ListRegions");
    expect(e.details.join('\n')).toMatch(/Grant account:ListRegions[\s\S]*--regions us-east-1,eu-west-1/);
  });
});
