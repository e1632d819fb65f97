import { CreateSampleFindingsCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { EKS_FINDING_TYPES } from '../../src/domain/findings-types.js';
import { guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';

const sampleCalls = () => guardDutyMock.commandCalls(CreateSampleFindingsCommand).map((c) => c.args[0].input);

describe('gdeks findings sample', () => {
  beforeEach(() => {
    resetAwsMocks();
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    guardDutyMock.on(CreateSampleFindingsCommand).resolves({});
  });

  it('asks for every EKS finding type, at most 50 per call, and says how to list them', async () => {
    const r = await runCli(['findings', 'sample', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    const calls = sampleCalls();
    expect(calls.length).toBe(Math.ceil(EKS_FINDING_TYPES.length / 50));
    for (const c of calls) {
      expect(c.DetectorId).toBe('det-1');
      expect(c.FindingTypes?.length).toBeLessThanOrEqual(50);
    }
    expect(calls.flatMap((c) => c.FindingTypes)).toEqual(EKS_FINDING_TYPES);
    expect(r.stdout).toContain(`us-east-1: requested ${EKS_FINDING_TYPES.length} sample findings`);
    expect(r.stdout).toContain('gdeks findings list --region us-east-1 --since 15m');
    expect(r.stdout).toMatch(/marked \[sample\].*they count toward --fail-on/);
  });

  it('--type takes exact types and prefixes', async () => {
    const r = await runCli(['findings', 'sample', '--region', 'us-east-1', '--type', 'Policy:Kubernetes/ExposedDashboard', '--type', 'Execution:Runtime/Reverse']);
    expect(r.code).toBe(0);
    expect(sampleCalls()).toEqual([{ DetectorId: 'det-1', FindingTypes: ['Policy:Kubernetes/ExposedDashboard', 'Execution:Runtime/ReverseShell'] }]);
    expect(r.stdout).toContain('requested 2 sample findings');
  });

  it('-o json reports per region', async () => {
    const r = await runCli(['findings', 'sample', '--regions', 'us-east-1,eu-west-1', '--type', 'Policy:Kubernetes/ExposedDashboard', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      results: [
        { region: 'us-east-1', detectorId: 'det-1', requested: 1, types: ['Policy:Kubernetes/ExposedDashboard'] },
        { region: 'eu-west-1', detectorId: 'det-1', requested: 1, types: ['Policy:Kubernetes/ExposedDashboard'] },
      ],
    });
  });

  it('without a detector: exit 1, "run gdeks enable first", nothing requested', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['findings', 'sample', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/us-east-1: no GuardDuty detector; run `gdeks enable --features <file> --region us-east-1` first/);
    expect(sampleCalls()).toHaveLength(0);
  });

  it('a --type that is not a type: exit 2 before any AWS call', async () => {
    const r = await runCli(['findings', 'sample', '--region', 'us-east-1', '--type', 'everything']);
    expect(r.code).toBe(2);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });
});
