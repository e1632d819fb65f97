import type { Finding } from '@aws-sdk/client-guardduty';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { isSampleFinding } from '../../src/domain/findings-sample.js';
import { describeLineage, renderFindingDetail } from '../../src/output/findings-show.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const plain = new Chalk({ level: 0 });
const SHA = 'c0ffee'.repeat(10) + 'beef';

/** A runtime finding as GuardDuty reports a reverse shell in an EKS pod (SDK shape: timestamp members are Dates). */
function reverseShell(): Finding {
  return {
    AccountId: '123456789012',
    Arn: 'arn:aws:guardduty:eu-west-1:123456789012:detector/d/finding/' + 'e'.repeat(32),
    CreatedAt: '2026-11-25T10:00:00.000Z',
    Id: 'e'.repeat(32),
    Region: 'eu-west-1',
    SchemaVersion: '2.0',
    Severity: 8,
    Type: 'Execution:Runtime/ReverseShell',
    UpdatedAt: '2026-11-25T11:00:00.000Z',
    Title: 'A process in a container has created a reverse shell.',
    Resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: { Name: 'prod', Arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod' },
      KubernetesDetails: {
        KubernetesWorkloadDetails: {
          Name: 'checkout-5d9f8c7b5-x2x9k',
          Type: 'pods',
          Namespace: 'shop',
          HostNetwork: false,
          HostPID: false,
          HostIPC: false,
          ServiceAccountName: 'checkout',
          Containers: [
            { Name: 'checkout', Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2', SecurityContext: { Privileged: false } },
            { Name: 'envoy', Image: 'public.ecr.aws/envoy:v1.30', SecurityContext: { Privileged: false } },
          ],
        },
      },
      ContainerDetails: {
        ContainerRuntime: 'containerd',
        Id: '0123456789ab' + 'f'.repeat(52),
        Name: 'checkout',
        Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2',
        SecurityContext: { Privileged: false },
      },
      InstanceDetails: {
        InstanceId: 'i-0abc1234def567890',
        InstanceType: 'm6i.xlarge',
        AvailabilityZone: 'eu-west-1a',
        IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/eks-prod-node' },
        NetworkInterfaces: [{ PrivateIpAddress: '10.0.1.7' }],
        Tags: [
          { Key: 'eks:nodegroup-name', Value: 'prod-ng-1' },
          { Key: 'team', Value: 'shop' },
        ],
      },
    },
    Service: {
      Archived: false,
      Count: 1,
      FeatureName: 'RuntimeMonitoring',
      EventFirstSeen: '2026-11-25T10:59:00.000Z',
      EventLastSeen: '2026-11-25T11:00:00.000Z',
      RuntimeDetails: {
        Process: {
          Name: 'bash',
          ExecutablePath: '/usr/bin/bash\u001b[2J',
          ExecutableSha256: SHA,
          Pwd: '/srv/app',
          Pid: 4242,
          NamespacePid: 57,
          User: 'www-data',
          UserId: 33,
          Euid: 0,
          StartTime: new Date('2026-11-25T10:58:00.000Z'),
          Lineage: [
            { Name: 'sh', Pid: 4240, ExecutablePath: '/bin/sh' },
            { Name: 'node', Pid: 4100 },
            { Name: 'tini', Pid: 1 },
            { Name: 'containerd-shim', Pid: 880 },
            { Name: 'containerd', Pid: 700 },
            { Name: 'systemd', Pid: 1 },
            { Name: 'init', Pid: 0 },
          ],
        },
        Context: { SocketPath: '/run/evil\u0007.sock', ModifiedAt: new Date('2026-11-25T10:59:30.000Z') },
      },
    },
  };
}

/** An audit-log finding: a privileged workload deployed by a person whose IAM session is known. */
function privilegedDeploy(): Finding {
  return {
    AccountId: '123456789012',
    Arn: 'arn:aws:guardduty:eu-west-1:123456789012:detector/d/finding/' + 'd'.repeat(32),
    CreatedAt: '2026-11-25T10:00:00.000Z',
    Id: 'd'.repeat(32),
    Region: 'eu-west-1',
    SchemaVersion: '2.0',
    Severity: 8,
    Type: 'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
    UpdatedAt: '2026-11-25T11:00:00.000Z',
    Title: 'Privileged container deployed in an unusual way.',
    Resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: { Name: 'prod' },
      KubernetesDetails: {
        KubernetesUserDetails: {
          Username: 'kubernetes-admin',
          Uid: 'aws-iam-authenticator:123456789012:AROAEXAMPLEADMIN0001',
          Groups: ['system:masters'],
          SessionName: ['alice@example.com'],
        },
        KubernetesWorkloadDetails: {
          Name: 'debug',
          Type: 'pods',
          Namespace: 'default',
          HostNetwork: true,
          HostPID: true,
          HostIPC: false,
          Containers: [{ Name: 'debug', Image: 'busybox:1.36', SecurityContext: { Privileged: true, AllowPrivilegeEscalation: true }, VolumeMounts: [{ Name: 'host', MountPath: '/host' }] }],
          Volumes: [{ Name: 'host', HostPath: { Path: '/' } }],
        },
      },
    },
    Service: {
      Archived: false,
      Count: 2,
      Action: { KubernetesApiCallAction: { Verb: 'create', RequestUri: '/api/v1/namespaces/default/pods', StatusCode: 201 } },
    },
  };
}

/** Each labelled line's value column (lines are `  Label   value`; headings and continuation lines aside). */
function valueColumns(text: string): number[] {
  return text
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => /^ {2}\S.*? {2,}/.exec(l)?.[0].length ?? -1);
}

describe('findings show: the whole finding', () => {
  it('runtime finding: the container and its image, the node, the binary, its working directory and its parents', () => {
    const text = renderFindingDetail(reverseShell(), plain, NOW);
    expect(text).toMatch(/\n {2}Container +checkout {2}123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/checkout:1\.4\.2 {2}id 0123456789ab {2}containerd\n/);
    // The workload's other container is listed too, the one the process ran in only once.
    expect(text).toMatch(/\n {16}envoy {2}public\.ecr\.aws\/envoy:v1\.30\n/);
    expect(text.match(/checkout:1\.4\.2/g)).toHaveLength(1);
    expect(text).toMatch(/\n {2}Node +i-0abc1234def567890 {2}m6i\.xlarge {2}eu-west-1a {2}10\.0\.1\.7 {2}nodegroup prod-ng-1\n/);
    expect(text).toMatch(/\n {2}Node role +arn:aws:iam::123456789012:instance-profile\/eks-prod-node\n/);
    expect(text).toMatch(/\n {2}Node tags +team=shop\n/);
    expect(text).toMatch(/\n {2}Process +bash {2}\/usr\/bin\/bash\\u001b\[2J {2}pid 4242 {2}\(pid 57 in the container\)\n/);
    expect(text).toMatch(new RegExp(`\\n {2}SHA-256 +${SHA}\\n`));
    expect(text).toMatch(/\n {2}Working dir +\/srv\/app\n/);
    expect(text).toMatch(/\n {2}Process user +www-data \(uid 33, euid 0\)\n/);
    expect(text).toMatch(/\n {2}Started +2026-11-25T10:58:00\.000Z \(1h ago\)\n/);
    // The lineage in one line, parent first, with the rest counted rather than printed.
    expect(text).toMatch(/\n {2}Parents +sh \(pid 4240\) ← node \(pid 4100\) ← tini \(pid 1\) ← containerd-shim \(pid 880\) ← containerd \(pid 700\) ← … 2 more\n/);
    expect(text).toMatch(/\n {2}Context +socket path: \/run\/evil\\u0007\.sock\n {16}modified at: 2026-11-25T10:59:30\.000Z/);
    expect(text).toMatch(/\n {2}Host access +none \(no hostNetwork, hostPID or hostIPC\)\n/);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('audit-log finding: who (IAM session), and what the workload may do on the node', () => {
    const text = renderFindingDetail(privilegedDeploy(), plain, NOW);
    expect(text).toMatch(/\n {2}User +kubernetes-admin {2}groups: system:masters\n/);
    expect(text).toMatch(/\n {2}User UID +aws-iam-authenticator:123456789012:AROAEXAMPLEADMIN0001\n/);
    expect(text).toMatch(/\n {2}IAM session +alice@example\.com\n/);
    expect(text).toMatch(/\n {2}Host access +hostNetwork, hostPID\n/);
    expect(text).toMatch(/\n {2}Container +debug {2}busybox:1\.36\n {15}privileged, allowPrivilegeEscalation {2}mounts host → \/host\n/);
    expect(text).toMatch(/\n {2}Volumes +host \(hostPath \/\)\n/);
  });

  it('flags what gives a pod the node (privileged, host namespaces) in colour', () => {
    const color = new Chalk({ level: 1 });
    const text = renderFindingDetail(privilegedDeploy(), color, NOW);
    expect(text).toContain(color.yellow('privileged'));
    expect(text).toContain(`${color.yellow('hostNetwork')}, ${color.yellow('hostPID')}`);
  });

  it('groups lines in sections with one label width, and leaves out what the finding does not carry', () => {
    const runtime = renderFindingDetail(reverseShell(), plain, NOW);
    expect(runtime.split('\n').filter((l) => /^[A-Z]\w+$/.test(l))).toEqual(['Resource', 'Process', 'Timeline']);
    expect(new Set(valueColumns(runtime)).size).toBe(1);
    const audit = renderFindingDetail(privilegedDeploy(), plain, NOW);
    expect(audit.split('\n').filter((l) => /^[A-Z]\w+$/.test(l))).toEqual(['Resource', 'Actor', 'Action', 'Timeline']);
    expect(new Set(valueColumns(audit)).size).toBe(1);
    expect(audit).not.toMatch(/Node|SHA-256|Parents|Working dir/);
  });

  it('a lineage of any length stays one line', () => {
    expect(describeLineage(undefined)).toBeUndefined();
    expect(describeLineage([{ ExecutablePath: '/bin/sh' }])).toBe('/bin/sh');
    const long = describeLineage(Array.from({ length: 40 }, (_, i) => ({ Name: `p${i}`, Pid: i })));
    expect(long).toBe('p0 (pid 0) ← p1 (pid 1) ← p2 (pid 2) ← p3 (pid 3) ← p4 (pid 4) ← … 35 more');
  });

  it('attack sequences: the description, the signals and the indicators', () => {
    const f = privilegedDeploy();
    f.Type = 'AttackSequence:EKS/CompromisedCluster';
    f.Service = {
      ...f.Service,
      Detection: {
        Sequence: {
          Uid: 'u',
          Description: 'API calls from a malicious IP, then a privileged pod.',
          Signals: [{ Uid: 's', Type: 'FINDING', Name: 'CredentialAccess:Kubernetes/MaliciousIPCaller', CreatedAt: undefined, UpdatedAt: undefined, FirstSeenAt: undefined, LastSeenAt: undefined, Severity: 8, Count: 3 }],
          SequenceIndicators: [{ Key: 'MALICIOUS_IP', Values: ['203.0.113.9'] }],
        },
      },
      Evidence: { ThreatIntelligenceDetails: [{ ThreatListName: 'ProofPoint', ThreatNames: ['scanner'] }] },
    };
    const text = renderFindingDetail(f, plain, NOW);
    expect(text).toMatch(/\n {2}Sequence +API calls from a malicious IP, then a privileged pod\.\n/);
    expect(text).toMatch(/\n {2}Signals +CredentialAccess:Kubernetes\/MaliciousIPCaller {2}8\.0 {2}×3\n/);
    expect(text).toMatch(/\n {2}Indicators +MALICIOUS_IP: 203\.0\.113\.9\n/);
    expect(text).toMatch(/\n {2}Threat intel +ProofPoint {2}scanner\n/);
  });
});

describe('sample findings', () => {
  const withInfo = (value: string | undefined): Finding => ({ ...privilegedDeploy(), Service: { AdditionalInfo: value === undefined ? undefined : { Value: value, Type: 'default' } } });

  it('are told by Service.AdditionalInfo {"sample":true}', () => {
    expect(isSampleFinding(withInfo('{"sample":true}'))).toBe(true);
    expect(isSampleFinding(withInfo('{"sample": true, "other": 1}'))).toBe(true);
    expect(isSampleFinding(withInfo('{"sample":false}'))).toBe(false);
    expect(isSampleFinding(withInfo('{"sample":"true"}'))).toBe(false);
    expect(isSampleFinding(withInfo('{}'))).toBe(false);
    expect(isSampleFinding(withInfo('not json, but says sample'))).toBe(false);
    expect(isSampleFinding(withInfo(undefined))).toBe(false);
  });

  it('findings show marks a sample in its first line and says what it is', () => {
    const text = renderFindingDetail(withInfo('{"sample":true}'), plain, NOW);
    expect(text.split('\n')[0]).toBe('HIGH 8.0  PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer  [sample]');
    expect(text).toMatch(/\n {2}Sample +yes: made by CreateSampleFindings/);
    expect(renderFindingDetail(withInfo('{}'), plain, NOW).split('\n')[0]).not.toContain('[sample]');
  });
});
