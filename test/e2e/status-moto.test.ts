// `gdeks status` end to end, the real binary: EKS clusters from moto, GuardDuty (detector + ListCoverage)
// from the project's test server. Each service is routed by its own SDK variable (AWS_ENDPOINT_URL_EKS,
// AWS_ENDPOINT_URL_GUARDDUTY) with no --endpoint-url, which proves gdeks leaves endpoint resolution to the SDK.
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardDutyServer, type DetectorSeed, type RunningServer } from '../server/server.js';
import { runBin } from '../helpers/bin.js';
import { motoUnavailable, startMoto, type Moto } from '../helpers/moto.js';

const skip = motoUnavailable();
if (skip) console.warn(`skipping moto end-to-end tests of gdeks status: ${skip}`);

const RUNTIME_ON: DetectorSeed = {
  features: [
    { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
    { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] },
  ],
};

describe.skipIf(skip)('gdeks status: EKS from moto, GuardDuty from the test server', () => {
  let moto: Moto;
  let gd: RunningServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    [moto, gd] = await Promise.all([
      startMoto(),
      startGuardDutyServer({
        detector: RUNTIME_ON,
        clusters: [
          { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
          { name: 'payments', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
          { name: 'staging', coverage: { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', managementType: 'DISABLED', coveredNodes: 0, compatibleNodes: 3 } },
          { name: 'serverless', coverage: false },
        ],
      }),
    ]);
    const eks = new EKSClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake' } });
    const create = (name: string, tags?: Record<string, string>) =>
      eks.send(new CreateClusterCommand({ name, roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: {}, ...(tags ? { tags } : {}) }));
    for (const name of ['prod-eu', 'payments', 'serverless', 'orphan']) await create(name);
    await create('staging', { GuardDutyManaged: 'false' });
    await eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'serverless',
        fargateProfileName: 'fp-default',
        podExecutionRoleArn: 'arn:aws:iam::123456789012:role/fargate',
        selectors: [{ namespace: 'default' }],
      }),
    );
    env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_EKS: moto.url, AWS_ENDPOINT_URL_GUARDDUTY: gd.url };
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), gd?.close()]);
  });

  it('joins moto\'s clusters with the test server\'s coverage; DescribeAddon missing on moto is reported, not fatal', async () => {
    const r = await runBin(['status', '-o', 'json'], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    expect(region.detector.features).toContainEqual({ name: 'RUNTIME_MONITORING', status: 'ENABLED', eksAddonManagement: 'ENABLED' });
    const verdicts = Object.fromEntries(region.clusters.map((c: { name: string; verdict: string }) => [c.name, c.verdict]));
    expect(verdicts).toEqual({
      orphan: 'not-protected',
      payments: 'degraded',
      'prod-eu': 'protected',
      serverless: 'not-applicable',
      staging: 'excluded',
    });
    const orphan = region.clusters.find((c: { name: string }) => c.name === 'orphan');
    expect(orphan).toMatchObject({ coverageStatus: 'NOT_COVERED', eksAddon: { state: 'unknown', reason: 'endpoint does not support DescribeAddon' } });
    expect(orphan.reason).toMatch(/add-on status unknown \(endpoint does not support DescribeAddon\)/);
    expect(r.stderr).toMatch(/note: us-east-1: the EKS endpoint does not support DescribeAddon/);
    // Both endpoints were used: coverage came from the test server, the cluster list (with "orphan") from moto.
    expect(gd.stats.byOperation.ListCoverage).toBeGreaterThanOrEqual(1);
  });

  it('the table report, and --fail-unprotected exits 3 because "orphan" is not protected', async () => {
    const r = await runBin(['status', '--fail-unprotected'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^--fail-unprotected: \d+ clusters? not fully protected \(.*orphan.*\)$/m);
    expect(r.stdout).toMatch(/orphan\s+not-protected\s+NOT_COVERED/);
    expect(r.stdout).toMatch(/staging\s+excluded\s/);
    expect(r.stdout).toMatch(/serverless\s+not-applicable\s/);
    expect(r.stdout).toMatch(/add-on status unknown \(endpoint does not support DescribeAddon\)/);
  });

  it('--cluster narrows to one cluster; a protected one passes --fail-unprotected', async () => {
    const r = await runBin(['status', '--cluster', 'prod-eu', '--fail-unprotected', '-o', 'json'], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).regions[0].clusters.map((c: { name: string }) => c.name)).toEqual(['prod-eu']);
  });

  it('--endpoint-url overrides both variables: everything goes to one URL', async () => {
    // Every call to moto, including GuardDuty's: moto's GuardDuty has no detector in the region, so the
    // report says so, while the clusters still come from moto (the EKS variable points nowhere).
    const r = await runBin(['status', '--endpoint-url', moto.url, '-o', 'json'], { env: { ...env, AWS_ENDPOINT_URL_EKS: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    expect(region.detector).toBeNull();
    expect(region.clusters.map((c: { name: string }) => c.name)).toContain('orphan');
    expect(region.clusters.every((c: { verdict: string; reason: string }) => c.verdict === 'not-protected' && /no detector/.test(c.reason))).toBe(true);
  });
});
