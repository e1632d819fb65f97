import { GetFindingsCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { beforeEach, describe, expect, it } from 'vitest';
import { guardDutyMock, resetAwsMocks } from '../helpers/aws.js';
import { runCli } from '../helpers/cli.js';
import { makeFinding } from './findings-fixtures.js';

describe('gdeks findings show', () => {
  beforeEach(resetAwsMocks);

  const f = makeFinding(7, 'us-east-1', {
    Severity: 8,
    Type: 'Execution:Kubernetes/ExecInKubeSystemPod',
    Service: {
      Archived: false,
      Count: 4,
      EventFirstSeen: '2026-11-20T10:00:00.000Z',
      EventLastSeen: '2026-11-24T00:00:00.000Z',
      Action: {
        ActionType: 'KUBERNETES_API_CALL',
        KubernetesApiCallAction: {
          Verb: 'create',
          RequestUri: '/api/v1/namespaces/kube-system/pods/coredns/exec',
          StatusCode: 101,
          RemoteIpDetails: { IpAddressV4: '203.0.113.77', Country: { CountryName: 'Germany' }, City: { CityName: 'Frankfurt am Main' }, Organization: { Asn: '64497', AsnOrg: 'EXAMPLE-CLOUD-DE', Isp: 'Example Cloud GmbH', Org: 'Example Cloud GmbH' } },
        },
      },
    },
  });

  beforeEach(() => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    guardDutyMock.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }) => ({ Findings: input.FindingIds.includes(f.Id ?? '') ? [f] : [] }));
  });

  it('prints what happened, where, who and from where', async () => {
    const r = await runCli(['findings', 'show', f.Id ?? '', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(guardDutyMock.commandCalls(GetFindingsCommand)[0]?.args[0].input).toEqual({ DetectorId: 'det-1', FindingIds: [f.Id] });
    expect(r.stdout).toMatch(/^HIGH 8\.0 {2}Execution:Kubernetes\/ExecInKubeSystemPod/);
    expect(r.stdout).toMatch(/Cluster +prod/);
    expect(r.stdout).toMatch(/Workload +pods coredns/);
    expect(r.stdout).toMatch(/API call +create \/api\/v1\/namespaces\/kube-system\/pods\/coredns\/exec → 101/);
    expect(r.stdout).toMatch(/Remote IP +203\.0\.113\.77 {2}Frankfurt am Main, Germany {2}AS64497 EXAMPLE-CLOUD-DE {2}ISP Example Cloud GmbH/);
    expect(r.stdout).toMatch(/Count +4/);
  });

  it('-o json is the SDK Finding object itself', async () => {
    const r = await runCli(['findings', 'show', f.Id ?? '', '--region', 'us-east-1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(f);
  });

  it('an unknown id is exit 1 with a message naming the id and region', async () => {
    const r = await runCli(['findings', 'show', 'deadbeef'.repeat(4), '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no finding with id deadbeefdeadbeefdeadbeefdeadbeef in region us-east-1/);
  });

  it('a malformed id is exit 2 before any AWS call', async () => {
    const r = await runCli(['findings', 'show', 'not-an-id!', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a GuardDuty finding id/);
    expect(guardDutyMock.calls()).toHaveLength(0);
  });

  it('no detector is exit 1 with the fix', async () => {
    guardDutyMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const r = await runCli(['findings', 'show', f.Id ?? '', '--region', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no detector.*run gdeks enable first/);
  });
});
