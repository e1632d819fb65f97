// gdeks usage in-process through the real SDK client (aws-sdk-client-mock): the amounts GuardDuty sends reach the
// output unchanged and are added exactly, pages are followed, and a malformed amount is an error, not a guess.
import { ListClustersCommand } from '@aws-sdk/client-eks';
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetRemainingFreeTrialDaysCommand,
  GetUsageStatisticsCommand,
  ListCoverageCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { eksMock, guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

const OWN = '111122223333';

function account(createdDaysAgo = 200) {
  guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  guardDutyMock.on(GetDetectorCommand).resolves({
    ServiceRole: `arn:aws:iam::${OWN}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    CreatedAt: new Date(Date.now() - createdDaysAgo * 86_400_000).toISOString(),
    Status: 'ENABLED',
    Features: [
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
    ],
  });
  guardDutyMock.on(GetAdministratorAccountCommand).resolves({});
  guardDutyMock.on(ListCoverageCommand).resolves({ Resources: [] });
  guardDutyMock.on(GetRemainingFreeTrialDaysCommand).resolves({ Accounts: [{ AccountId: OWN, Features: [{ Name: 'EKS_AUDIT_LOGS', FreeTrialDaysRemaining: 0 }] }] });
  eksMock.on(ListClustersCommand).resolves({ clusters: [] });
}

const total = (Amount: string) => ({ Amount, Unit: 'USD' });

describe('gdeks usage (SDK mocked)', () => {
  beforeEach(resetAwsMocks);

  it('"0.000001" and "12345678.9" come out exactly as sent, and add up exactly, over two pages', async () => {
    const stubs = () => {
      guardDutyMock
        .on(GetUsageStatisticsCommand, { UsageStatisticType: 'SUM_BY_FEATURES' })
        .resolvesOnce({ UsageStatistics: { SumByFeature: [{ Feature: 'EKS_AUDIT_LOGS', Total: total('12345678.9') }] }, NextToken: 'p2' })
        .resolvesOnce({ UsageStatistics: { SumByFeature: [{ Feature: 'EKS_RUNTIME_MONITORING', Total: total('0.000001') }] } });
      guardDutyMock.on(GetUsageStatisticsCommand, { UsageStatisticType: 'TOP_RESOURCES' }).callsFake(async (input: { UsageCriteria: { Features: string[] } }) => ({
        UsageStatistics: { TopResources: input.UsageCriteria.Features[0] === 'EKS_AUDIT_LOGS' ? [{ Resource: 'old-cluster', Total: total('0.000001') }] : [] },
      }));
    };
    account();
    stubs();
    const r = await runCli(['usage', '--region', 'us-east-1', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [region] = JSON.parse(r.stdout).regions;
    expect(region.total).toEqual({ amount: '12345678.900001', unit: 'USD' });
    expect(region.features.map((f: { cost: unknown }) => f.cost)).toEqual([
      { amount: '12345678.9', unit: 'USD' },
      { amount: '0.000001', unit: 'USD' },
    ]);
    expect(region.monthlyEstimate).toEqual({ amount: '12345678.900001', unit: 'USD' });
    // Deleted within the 30 days: its cost stays, with no verdict.
    expect(region.clusters).toEqual([expect.objectContaining({ name: 'old-cluster', verdict: null, cost: { amount: '0.000001', unit: 'USD' } })]);
    // The caller's own account, the EKS usage features only, USD.
    const sent = guardDutyMock.commandCalls(GetUsageStatisticsCommand).map((c) => c.args[0].input);
    expect(sent.every((i) => i.Unit === 'USD' && i.UsageCriteria?.AccountIds?.join() === OWN)).toBe(true);
    expect(sent.flatMap((i) => i.UsageCriteria?.Features ?? [])).not.toContain('RUNTIME_MONITORING');
    // Both pages were read (the paginator reuses one input object, so the recorded tokens are not told apart).
    expect(sent.filter((i) => i.UsageStatisticType === 'SUM_BY_FEATURES')).toHaveLength(2);

    resetAwsMocks();
    account();
    stubs();
    const table = await runCli(['usage', '--region', 'us-east-1']);
    expect(table.stdout).toMatch(/all GuardDuty features\s+12345678\.900001\n/);
    expect(table.stdout).toMatch(/old-cluster\s+not in EKS now\s+-\s+-\s+0\.000001/);
  });

  it('an amount that is not a decimal is reported as a malformed answer (exit 1), never read as a number', async () => {
    account();
    guardDutyMock.on(GetUsageStatisticsCommand).resolves({ UsageStatistics: { SumByFeature: [{ Feature: 'EKS_AUDIT_LOGS', Total: total('1,234.50') }] } });
    const r = await runCli(['usage', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).regions[0].total).toBeNull();
    expect(r.stderr).toMatch(/the amount "1,234\.50", which is not a decimal/);
  });
});
