// `gdeks status` end to end against the project's own GuardDuty and EKS test servers (no Python needed),
// each routed by its service-specific SDK variable. Unlike moto, the EKS server implements DescribeAddon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEksServer, type EksClusterSpec, type RunningEksServer } from '../server/eks.js';
import { startGuardDutyServer, type RunningServer } from '../server/server.js';
import { runBin } from '../helpers/bin.js';

const CLUSTERS: EksClusterSpec[] = [
  { name: 'prod-eu', coverage: { coverageStatus: 'HEALTHY', managementType: 'AUTO_MANAGED', addonVersion: 'v1.10.0-eksbuild.2', addonStatus: 'ACTIVE', coveredNodes: 6, compatibleNodes: 6 } },
  { name: 'payments', coverage: { coverageStatus: 'UNHEALTHY', issue: 'No Agent Reporting', managementType: 'MANUAL', addonVersion: 'v1.6.1-eksbuild.1', addonStatus: 'DEGRADED', coveredNodes: 2, compatibleNodes: 4 } },
  { name: 'staging', tags: { GuardDutyManaged: 'false' }, coverage: { coverageStatus: 'UNHEALTHY', issue: 'EKS Addon Not Installed', managementType: 'DISABLED', coveredNodes: 0, compatibleNodes: 3 } },
  { name: 'new-cluster', coverage: false, addon: false },
];

describe('gdeks status against the GuardDuty and EKS test servers', () => {
  let gd: RunningServer;
  let eks: RunningEksServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    [gd, eks] = await Promise.all([
      startGuardDutyServer({
        clusters: CLUSTERS,
        failRegions: ['ap-south-1'],
        detector: {
          features: [
            { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
            { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }] },
          ],
        },
      }),
      startEksServer({ clusters: CLUSTERS }),
    ]);
    env = { AWS_ENDPOINT_URL_GUARDDUTY: gd.url, AWS_ENDPOINT_URL_EKS: eks.url };
  });
  afterAll(async () => {
    await Promise.all([gd?.close(), eks?.close()]);
  });

  it('reports EKS\'s own view of the add-on next to GuardDuty\'s coverage', async () => {
    const r = await runBin(['status', '--region', 'eu-west-1', '-o', 'json'], { env });
    expect(r.stderr).toMatch(/note: eu-west-1: EKS_ADDON_MANAGEMENT is off and 1 cluster has no aws-guardduty-agent add-on/);
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    const by = Object.fromEntries(region.clusters.map((c: { name: string }) => [c.name, c]));
    expect(by['prod-eu']).toMatchObject({ verdict: 'protected', eksAddon: { state: 'installed', status: 'ACTIVE', version: 'v1.10.0-eksbuild.2' } });
    expect(by.payments).toMatchObject({ verdict: 'degraded', issue: 'No Agent Reporting', eksAddon: { state: 'installed', status: 'DEGRADED' } });
    expect(by.staging).toMatchObject({ verdict: 'excluded', guardDutyManagedTag: 'false', eksAddon: { state: 'absent' } });
    expect(by['new-cluster']).toMatchObject({
      verdict: 'not-protected',
      coverageStatus: 'NOT_COVERED',
      eksAddon: { state: 'absent' },
      fix: 'aws eks create-addon --cluster-name new-cluster --addon-name aws-guardduty-agent --region eu-west-1',
    });
    // A fully covered cluster is not described (only DescribeAddon); the others are.
    expect(eks.stats.byOperation.DescribeAddon).toBe(4);
  });

  it('several regions at once; a failing GuardDuty region is reported with what EKS could still tell', async () => {
    const r = await runBin(['status', '--regions', 'us-east-1,ap-south-1', '--max-attempts', '1', '-o', 'json'], { env });
    expect(r.code).toBe(1);
    const [ok, failing] = JSON.parse(r.stdout).regions;
    expect(ok.region).toBe('us-east-1');
    expect(ok.clusters).toHaveLength(4);
    expect(failing).toMatchObject({ region: 'ap-south-1', detector: null, summary: { auditLogs: null } });
    expect(failing.problems[0]).toMatchObject({ action: 'guardduty:ListDetectors' });
    expect(failing.clusters.every((c: { verdict: string }) => c.verdict === 'unknown')).toBe(true);
    expect(r.stderr).toMatch(/error: ap-south-1: could not read guardduty:ListDetectors/);
  });

  it('--debug shows the EKS calls beside the GuardDuty ones, without credentials', async () => {
    const r = await runBin(['status', '--region', 'us-east-1', '--cluster', 'prod-eu', '--debug'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/eks\.ListClusters us-east-1 200/);
    expect(r.stderr).toMatch(/eks\.DescribeAddon us-east-1 200/);
    expect(r.stderr).toMatch(/guardduty\.ListCoverage us-east-1 200/);
    expect(r.stderr).not.toMatch(/AKIDFAKEFORTESTS|fake-secret-for-tests|Signature=/);
  });

  it('COLUMNS=80 through a pipe: no line over 80 columns but a command, which stays whole on a line of its own', async () => {
    const wide = await runBin(['status', '--region', 'eu-west-1', '-o', 'json'], { env });
    const parts = (JSON.parse(wide.stdout) as { regions: Array<{ clusters: Array<{ fix: string | null }> }> }).regions[0]?.clusters.flatMap((c) => (c.fix ? c.fix.split('; ') : [])) ?? [];
    // "what to check: command" parts give their command; the others are commands as they are.
    const commands = parts.map((p) => p.split(/: (?=(?:kubectl|aws|gdeks|echo) )/).at(-1) as string);
    expect(commands.length).toBeGreaterThan(0);
    expect(parts.some((p) => p !== commands[parts.indexOf(p)])).toBe(true);
    const r = await runBin(['status', '--region', 'eu-west-1'], { env: { ...env, COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of lines) if (line.length > 80) expect(commands).toContain(line.trim());
    for (const command of commands) expect(lines.map((l) => l.trim())).toContain(command);
    expect(r.stdout).toMatch(/^ +CLUSTER +VERDICT/m);
    // Every reason is still there, wrapped: the words of the JSON's reasons all appear.
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/payments +degraded:/);
  });
});
