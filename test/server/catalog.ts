// Finding types the seeder draws from (names from the GuardDuty user guide's finding types), with
// a typical severity, the protection plan that produces them, and the prose shown in the console.

export type Family = 'audit' | 'runtime' | 'sequence' | 'ec2' | 's3';

export interface FindingKind {
  type: string;
  family: Family;
  /** Candidate severities; anomaly-based types vary, so they list several. */
  severities: readonly number[];
  title: string;
  /** `{cluster}` and `{namespace}` are substituted. */
  description: string;
}

const audit = (type: string, severities: number[], title: string, description: string): FindingKind => ({
  type: `${type.split('/')[0]}:Kubernetes/${type.split('/')[1]}`,
  family: 'audit',
  severities,
  title,
  description,
});

const runtime = (type: string, severities: number[], title: string, description: string): FindingKind => ({
  type: `${type.split('/')[0]}:Runtime/${type.split('/')[1]}`,
  family: 'runtime',
  severities,
  title,
  description,
});

export const EKS_KINDS: readonly FindingKind[] = [
  audit('CredentialAccess/MaliciousIPCaller', [8], 'Kubernetes API invoked from a known malicious IP address.',
    'A Kubernetes API commonly used to access credentials was invoked on EKS cluster {cluster} from a known malicious IP address.'),
  audit('CredentialAccess/TorIPCaller', [8], 'Kubernetes API invoked from a Tor exit node.',
    'A Kubernetes API commonly used to access credentials was invoked on EKS cluster {cluster} from a Tor exit node IP address.'),
  audit('CredentialAccess/AnomalousBehavior.SecretsAccessed', [2, 5.3, 8], 'Secrets accessed in an unusual way.',
    'An API commonly used to access secrets in namespace {namespace} was invoked in an anomalous way on EKS cluster {cluster}.'),
  audit('Discovery/SuccessfulAnonymousAccess', [5], 'Kubernetes API invoked by an unauthenticated user.',
    'A Kubernetes API commonly used to discover resources was successfully invoked by system:anonymous on EKS cluster {cluster}.'),
  audit('Discovery/AnomalousBehavior.PermissionChecked', [2, 5.3], 'Permissions checked in an unusual way.',
    'A user checked their access permissions in an anomalous way on EKS cluster {cluster}.'),
  audit('Execution/ExecInKubeSystemPod', [5], 'Command executed inside a pod in the kube-system namespace.',
    'A command was executed inside a pod in the kube-system namespace on EKS cluster {cluster}.'),
  audit('Execution/AnomalousBehavior.ExecInPod', [5.3], 'Command executed inside a pod in an unusual way.',
    'A command was executed inside a pod in namespace {namespace} in an anomalous way on EKS cluster {cluster}.'),
  audit('Execution/AnomalousBehavior.WorkloadDeployed', [2, 5.3], 'Workload deployed in an unusual way.',
    'A workload was deployed in namespace {namespace} in an anomalous way on EKS cluster {cluster}.'),
  audit('Impact/MaliciousIPCaller', [8], 'Kubernetes API invoked from a known malicious IP address.',
    'A Kubernetes API commonly used to tamper with resources was invoked on EKS cluster {cluster} from a known malicious IP address.'),
  audit('Persistence/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount', [8],
    'Workload with a sensitive host path mount deployed in an unusual way.',
    'A workload with a container mounting a sensitive host path was deployed in namespace {namespace} on EKS cluster {cluster}.'),
  audit('Policy/AnonymousAccessGranted', [8], 'Anonymous access granted to the Kubernetes cluster.',
    'The system:anonymous user was granted API permission on EKS cluster {cluster}.'),
  audit('Policy/ExposedDashboard', [5], 'Kubernetes dashboard exposed to the internet.',
    'The Kubernetes dashboard of EKS cluster {cluster} was exposed to the internet.'),
  audit('PrivilegeEscalation/AnomalousBehavior.RoleBindingCreated', [5.3, 8], 'RoleBinding created in an unusual way.',
    'A RoleBinding granting broad permissions was created in namespace {namespace} in an anomalous way on EKS cluster {cluster}.'),
  audit('PrivilegeEscalation/AnomalousBehavior.RoleCreated', [2], 'Role created in an unusual way.',
    'A Role or ClusterRole with permissive rights was created in an anomalous way on EKS cluster {cluster}.'),
  audit('PrivilegeEscalation/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer', [8],
    'Privileged container deployed in an unusual way.',
    'A workload with a privileged container was deployed in namespace {namespace} in an anomalous way on EKS cluster {cluster}.'),
  runtime('Execution/NewBinaryExecuted', [5], 'A newly created or modified binary file was executed in a container.',
    'A newly created or modified binary file was executed in a container in namespace {namespace} on EKS cluster {cluster}.'),
  runtime('Execution/ReverseShell', [8], 'A process in a container has created a reverse shell.',
    'A process in a container in namespace {namespace} on EKS cluster {cluster} has created a reverse shell.'),
  runtime('Execution/SuspiciousTool', [2, 5, 8], 'A suspicious tool was executed in a container.',
    'A suspicious tool often used for offensive security was executed in a container on EKS cluster {cluster}.'),
  runtime('CryptoCurrency/BitcoinTool.B', [8], 'A container is querying a domain associated with Bitcoin.',
    'A container in namespace {namespace} on EKS cluster {cluster} is communicating with an IP address associated with cryptocurrency activity.'),
  runtime('Impact/CryptoMinerExecuted', [8], 'A cryptocurrency mining process was executed in a container.',
    'A container in namespace {namespace} on EKS cluster {cluster} is running a binary associated with cryptocurrency mining.'),
  runtime('Backdoor/C&CActivity.B', [8], 'A container is querying an IP associated with a command and control server.',
    'A container on EKS cluster {cluster} is communicating with an IP address associated with a known command and control server.'),
  runtime('PrivilegeEscalation/DockerSocketAccessed', [5], 'A process inside a container is communicating with the Docker daemon socket.',
    'A process in a container in namespace {namespace} on EKS cluster {cluster} accessed /var/run/docker.sock.'),
  runtime('PrivilegeEscalation/RuncContainerEscape', [8], 'An attempt of container escape through runC was detected.',
    'A process in a container on EKS cluster {cluster} attempted to modify the runC binary to escape the container.'),
  runtime('DefenseEvasion/FilelessExecution', [5], 'A process in a container is executing code from memory.',
    'A fileless process was executed in a container in namespace {namespace} on EKS cluster {cluster}.'),
  runtime('Impact/SuspiciousDomainRequest.Reputation', [2], 'A container is querying a suspicious domain.',
    'A container on EKS cluster {cluster} queried a domain with a poor reputation.'),
];

/** Attack sequences are the only critical (9.0+) findings. */
export const SEQUENCE_KIND: FindingKind = {
  type: 'AttackSequence:EKS/CompromisedCluster',
  family: 'sequence',
  severities: [9.2],
  title: 'Potential cluster compromise indicated by a sequence of actions.',
  description:
    'A sequence of actions involving multiple signals indicates that EKS cluster {cluster} may be compromised: ' +
    'a Kubernetes API was called from a malicious IP and a privileged workload was then deployed.',
};

export const OTHER_KINDS: readonly FindingKind[] = [
  { type: 'Recon:EC2/PortProbeUnprotectedPort', family: 'ec2', severities: [2], title: 'Unprotected port on EC2 instance is being probed.',
    description: 'EC2 instance has an unprotected port which is being probed by a known malicious host.' },
  { type: 'UnauthorizedAccess:EC2/SSHBruteForce', family: 'ec2', severities: [2], title: 'SSH brute force attacks against an EC2 instance.',
    description: 'EC2 instance has been involved in SSH brute force attacks.' },
  { type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS', family: 'ec2', severities: [8], title: 'EC2 instance querying a domain name associated with Bitcoin.',
    description: 'EC2 instance is querying a domain name that is associated with Bitcoin-related activity.' },
  { type: 'UnauthorizedAccess:S3/TorIPCaller', family: 's3', severities: [5], title: 'An S3 API was invoked from a Tor exit node IP address.',
    description: 'An S3 API was invoked from a Tor exit node IP address.' },
];

export const ALL_KINDS: readonly FindingKind[] = [...EKS_KINDS, SEQUENCE_KIND, ...OTHER_KINDS];

/** A kind for any well-formed type name (CreateSampleFindings accepts types we have no prose for). */
export function kindFor(type: string): FindingKind {
  const known = ALL_KINDS.find((k) => k.type === type);
  if (known) return known;
  const family: Family = type.includes('/Kubernetes') || type.includes(':Kubernetes/')
    ? 'audit'
    : type.includes(':Runtime/')
      ? 'runtime'
      : type.startsWith('AttackSequence:')
        ? 'sequence'
        : type.includes(':S3/')
          ? 's3'
          : 'ec2';
  return { type, family, severities: [5], title: `Sample finding of type ${type}.`, description: `Sample finding of type ${type}.` };
}

/** `service.featureName`: which data source produced the finding (attack sequences carry none here). */
export function featureNameOf(kind: FindingKind): string | undefined {
  switch (kind.family) {
    case 'audit':
      return 'EksAuditLogs';
    case 'runtime':
      return 'RuntimeMonitoring';
    case 'ec2':
      return kind.type.endsWith('!DNS') ? 'DnsLogs' : 'FlowLogs';
    case 's3':
      return 'S3DataEvents';
    case 'sequence':
      return undefined;
  }
}
