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

  it('a runtime sample finding: marked as a sample, with its container image, node, binary and parent processes', async () => {
    const runtime = makeFinding(9, 'us-east-1', {
      Severity: 8,
      Type: 'Execution:Runtime/ReverseShell',
      Resource: {
        ResourceType: 'EKSCluster',
        EksClusterDetails: { Name: 'prod' },
        KubernetesDetails: { KubernetesWorkloadDetails: { Name: 'busybox-5d9f8', Namespace: 'default', Type: 'pods' } },
        ContainerDetails: { Name: 'busybox', Image: 'public.ecr.aws/docker/library/busybox:1.36', Id: 'ab12cd34ef56'.repeat(5) },
        InstanceDetails: { InstanceId: 'i-0123456789abcdef0', Tags: [{ Key: 'eks:nodegroup-name', Value: 'prod-ng-1' }] },
      },
      Service: {
        Archived: false,
        Count: 1,
        AdditionalInfo: { Value: '{"sample":true}', Type: 'default' },
        RuntimeDetails: {
          Process: { Name: 'bash', ExecutablePath: '/usr/bin/bash', ExecutableSha256: 'ab'.repeat(32), Pwd: '/root', Pid: 4242, Lineage: [{ Name: 'containerd-shim', Pid: 880 }] },
        },
      },
    });
    guardDutyMock.on(GetFindingsCommand).resolves({ Findings: [runtime] });
    const r = await runCli(['findings', 'show', runtime.Id ?? '', '--region', 'us-east-1']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('HIGH 8.0  Execution:Runtime/ReverseShell  [sample]');
    expect(r.stdout).toMatch(/Sample +yes: made by CreateSampleFindings/);
    expect(r.stdout).toMatch(/Container +busybox {2}public\.ecr\.aws\/docker\/library\/busybox:1\.36 {2}id ab12cd34ef56\n/);
    expect(r.stdout).toMatch(/Node +i-0123456789abcdef0 {2}nodegroup prod-ng-1\n/);
    expect(r.stdout).toMatch(/Process +bash {2}\/usr\/bin\/bash {2}pid 4242\n/);
    expect(r.stdout).toMatch(new RegExp(`SHA-256 +${'ab'.repeat(32)}\n`));
    expect(r.stdout).toMatch(/Working dir +\/root\n/);
    expect(r.stdout).toMatch(/Parents +containerd-shim \(pid 880\)\n/);
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
    expect(r.stderr).toMatch(/us-east-1: no GuardDuty detector; run `gdeks enable --features <file> --region us-east-1` first/);
  });
});
