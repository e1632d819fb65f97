// Drives the EKS test server with the real AWS SDK v3 EKS client, so the wire format is the SDK's own.

import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import { afterEach, describe, expect, it } from 'vitest';
import { manyClusters, startEksServer, type EksClusterSpec, type RunningEksServer } from './eks.js';

const open: RunningEksServer[] = [];
async function start(clusters: EksClusterSpec[], extra: { latencyMs?: number } = {}): Promise<RunningEksServer> {
  const s = await startEksServer({ clusters, ...extra });
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const client = (s: RunningEksServer, region = 'us-east-1') =>
  new EKSClient({ region, endpoint: s.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });

const SPECS: EksClusterSpec[] = [
  { name: 'prod', coverage: { addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE' } },
  { name: 'optout', tags: { GuardDutyManaged: 'false' }, coverage: { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed' } },
  { name: 'serverless', coverage: false, fargateProfiles: ['fp-default'] },
  { name: 'auto', autoMode: true, addon: { status: 'DEGRADED', version: 'v1.9.0', issues: [{ code: 'InsufficientNumberOfReplicas', message: '1 of 2' }] } },
];

describe('EKS test server', () => {
  it('pages ListClusters 100 at a time with opaque tokens', async () => {
    const s = await start(manyClusters(250));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: client(s) }, {})) {
      pages++;
      names.push(...(page.clusters ?? []));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(names[0]).toBe('cluster-0000');
  });

  it('describes clusters with tags, ARN in the caller\'s region, and Auto Mode', async () => {
    const s = await start(SPECS);
    const optout = (await client(s, 'eu-west-1').send(new DescribeClusterCommand({ name: 'optout' }))).cluster;
    expect(optout).toMatchObject({ name: 'optout', arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/optout', status: 'ACTIVE', tags: { GuardDutyManaged: 'false' } });
    expect(optout?.createdAt).toBeInstanceOf(Date);
    expect((await client(s).send(new DescribeClusterCommand({ name: 'auto' }))).cluster?.computeConfig?.enabled).toBe(true);
    await expect(client(s).send(new DescribeClusterCommand({ name: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('reports the add-on as its coverage spec implies, and ResourceNotFoundException when absent', async () => {
    const s = await start(SPECS);
    const eks = client(s);
    expect((await eks.send(new DescribeAddonCommand({ clusterName: 'prod', addonName: 'aws-guardduty-agent' }))).addon).toMatchObject({
      addonName: 'aws-guardduty-agent',
      status: 'ACTIVE',
      addonVersion: 'v1.10.0-eksbuild.2',
    });
    const auto = (await eks.send(new DescribeAddonCommand({ clusterName: 'auto', addonName: 'aws-guardduty-agent' }))).addon;
    expect(auto?.health?.issues).toEqual([{ code: 'InsufficientNumberOfReplicas', message: '1 of 2', resourceIds: [] }]);
    await expect(eks.send(new DescribeAddonCommand({ clusterName: 'optout', addonName: 'aws-guardduty-agent' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'No addon: aws-guardduty-agent found in cluster: optout',
    });
    expect((await eks.send(new ListAddonsCommand({ clusterName: 'prod' }))).addons).toEqual(['aws-guardduty-agent']);
    expect((await eks.send(new ListAddonsCommand({ clusterName: 'serverless' }))).addons).toEqual([]);
  });

  it('lists Fargate profiles and node groups', async () => {
    const s = await start(SPECS);
    const eks = client(s);
    expect((await eks.send(new ListFargateProfilesCommand({ clusterName: 'serverless', maxResults: 1 }))).fargateProfileNames).toEqual(['fp-default']);
    expect((await eks.send(new ListNodegroupsCommand({ clusterName: 'serverless' }))).nodegroups).toEqual([]);
    expect((await eks.send(new ListNodegroupsCommand({ clusterName: 'prod' }))).nodegroups).toEqual(['ng-default']);
    await expect(eks.send(new ListNodegroupsCommand({ clusterName: 'prod', maxResults: 500 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers an operation it does not implement with UnknownOperationException, and counts requests', async () => {
    const s = await start(SPECS);
    await expect(client(s).send(new DescribeNodegroupCommand({ clusterName: 'prod', nodegroupName: 'ng-default' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(s.stats.byOperation).toEqual({ Unknown: 1 });
  });

  it('adds the configured latency to every request', async () => {
    const s = await start(SPECS, { latencyMs: 40 });
    const t = performance.now();
    await client(s).send(new DescribeClusterCommand({ name: 'prod' }));
    expect(performance.now() - t).toBeGreaterThanOrEqual(38);
  });
});
