// Builds the full wire (camelCase) Finding JSON from a plan. Member names follow the model's locationNames
// (e.g. `sourceIPs`, `ipAddressV4`, `hostIPC`); `Timestamp` members are epoch seconds (rest-json default)
// while Finding.createdAt/updatedAt and service.eventFirstSeen/LastSeen are ISO strings, as the model types them.

import { featureNameOf } from './catalog.js';
import { ACCOUNT_ID, type ClusterInfo } from './clusters.js';
import { Rng } from './prng.js';
import type { FindingPlan } from './seed.js';
import type { JsonObject } from './validate.js';

export interface BuildContext {
  region: string;
  detectorId: string;
  clusters: readonly ClusterInfo[];
  /** Appended to every title and process path (ServerOptions.hostile). */
  hostile?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const secs = (ms: number): number => Math.floor(ms / 1000);

// Documentation address ranges and private-use ASNs: realistic shapes, no real parties.
const REMOTES = [
  { ip: '198.51.100.23', countryName: 'Netherlands', countryCode: 'NL', cityName: 'Amsterdam', lat: 52.3676, lon: 4.9041, asn: '64496', asnOrg: 'EXAMPLE-HOSTING-NL', isp: 'Example Hosting B.V.', org: 'Example Hosting B.V.' },
  { ip: '203.0.113.77', countryName: 'Germany', countryCode: 'DE', cityName: 'Frankfurt am Main', lat: 50.1109, lon: 8.6821, asn: '64497', asnOrg: 'EXAMPLE-CLOUD-DE', isp: 'Example Cloud GmbH', org: 'Example Cloud GmbH' },
  { ip: '192.0.2.145', countryName: 'United States', countryCode: 'US', cityName: 'Ashburn', lat: 39.0438, lon: -77.4874, asn: '64498', asnOrg: 'EXAMPLE-TRANSIT', isp: 'Example Transit Inc.', org: 'Example Transit Inc.' },
  { ip: '198.51.100.201', countryName: 'Singapore', countryCode: 'SG', cityName: 'Singapore', lat: 1.2897, lon: 103.8501, asn: '64499', asnOrg: 'EXAMPLE-VPS-SG', isp: 'Example VPS Pte. Ltd.', org: 'Example VPS Pte. Ltd.' },
  { ip: '203.0.113.9', countryName: 'Romania', countryCode: 'RO', cityName: 'Bucharest', lat: 44.4268, lon: 26.1025, asn: '64500', asnOrg: 'EXAMPLE-TOR-EXIT', isp: 'Example Privacy SRL', org: 'Example Privacy SRL' },
  { ip: '192.0.2.88', countryName: 'Brazil', countryCode: 'BR', cityName: 'Sao Paulo', lat: -23.5505, lon: -46.6333, asn: '64501', asnOrg: 'EXAMPLE-ISP-BR', isp: 'Example Telecom S.A.', org: 'Example Telecom S.A.' },
] as const;

const WORKLOADS: Record<string, readonly string[]> = {
  web: ['frontend', 'nginx-ingress', 'api-gateway'],
  checkout: ['checkout', 'cart', 'pricing'],
  payments: ['payments-api', 'card-tokenizer', 'fraud-scorer'],
  ledger: ['ledger-writer', 'ledger-reconciler'],
  monitoring: ['prometheus', 'grafana', 'node-exporter'],
  training: ['trainer', 'data-loader'],
  inference: ['model-server', 'feature-store'],
  'kube-system': ['coredns', 'aws-node', 'kube-proxy', 'ebs-csi-controller'],
  default: ['debug-shell', 'busybox', 'test-runner'],
};

const USERS = [
  { username: 'kubernetes-admin', uid: `aws-iam-authenticator:${ACCOUNT_ID}:AROAEXAMPLEADMIN0001`, groups: ['system:masters', 'system:authenticated'], sessionName: ['alice'] },
  { username: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ci-deployer/gha-run-4821`, uid: `aws-iam-authenticator:${ACCOUNT_ID}:AROAEXAMPLECIDEPLOY2`, groups: ['system:authenticated', 'deployers'], sessionName: ['gha-run-4821'] },
  { username: 'system:serviceaccount:default:default', uid: '5d2a1c9e-7f1b-4c8e-9a0d-2b7e4f6c1a3d', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] },
  { username: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] },
] as const;

const AGENTS = ['kubectl/v1.29.3 (linux/amd64) kubernetes/6813625', 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225', 'python-requests/2.31.0', 'Go-http-client/1.1'];

const PROCESSES: Record<string, { name: string; path: string }> = {
  'Execution:Runtime/NewBinaryExecuted': { name: 'kworkerds', path: '/tmp/.cache/kworkerds' },
  'Execution:Runtime/ReverseShell': { name: 'bash', path: '/usr/bin/bash' },
  'Execution:Runtime/SuspiciousTool': { name: 'nmap', path: '/usr/bin/nmap' },
  'CryptoCurrency:Runtime/BitcoinTool.B': { name: 'xmrig', path: '/usr/local/bin/xmrig' },
  'Impact:Runtime/CryptoMinerExecuted': { name: 'xmrig', path: '/var/tmp/xmrig' },
  'Backdoor:Runtime/C&CActivity.B': { name: 'curl', path: '/usr/bin/curl' },
  'PrivilegeEscalation:Runtime/DockerSocketAccessed': { name: 'docker', path: '/usr/bin/docker' },
  'PrivilegeEscalation:Runtime/RuncContainerEscape': { name: 'sh', path: '/bin/sh' },
  'DefenseEvasion:Runtime/FilelessExecution': { name: 'memfd:payload', path: '/memfd:payload (deleted)' },
};

export function buildFinding(plan: FindingPlan, ctx: BuildContext): JsonObject {
  const rng = new Rng(plan.detail);
  const kind = plan.kind;
  const cluster = plan.cluster >= 0 ? ctx.clusters[plan.cluster] : undefined;
  const subst = (s: string): string =>
    s.replaceAll('{cluster}', cluster?.name ?? 'unknown').replaceAll('{namespace}', plan.namespace ?? 'default');

  const service: JsonObject = {
    serviceName: 'guardduty',
    detectorId: ctx.detectorId,
    resourceRole: 'TARGET',
    archived: plan.archived,
    count: plan.count,
    eventFirstSeen: iso(plan.firstSeen),
    eventLastSeen: iso(plan.lastSeen),
    additionalInfo: { value: plan.sample ? '{"sample":true}' : '{}', type: 'default' },
  };
  const featureName = featureNameOf(kind);
  if (featureName !== undefined) service.featureName = featureName;

  let resource: JsonObject;
  switch (kind.family) {
    case 'audit':
    case 'sequence':
      resource = eksResource(plan, cluster, ctx, rng, false);
      service.action = kubernetesAction(plan, rng);
      if (/MaliciousIPCaller|TorIPCaller/.test(kind.type)) {
        service.evidence = { threatIntelligenceDetails: [{ threatListName: kind.type.includes('Tor') ? 'TorExitNodes' : 'ProofPoint', threatNames: [] }] };
      }
      if (kind.family === 'sequence') service.detection = sequenceDetection(plan, rng);
      break;
    case 'runtime':
      resource = eksResource(plan, cluster, ctx, rng, true);
      service.runtimeDetails = runtimeDetails(plan, rng, ctx.hostile ?? '');
      if (/BitcoinTool|C&CActivity|DomainRequest/.test(kind.type)) {
        service.action = { actionType: 'DNS_REQUEST', dnsRequestAction: { domain: rng.pick(['pool.example-mining.net', 'c2.example-bad.org', 'xmr.example-pool.com']), protocol: 'UDP', blocked: false } };
      }
      break;
    case 'ec2':
      resource = instanceResource(ctx, rng);
      service.action = ec2Action(plan, rng);
      break;
    case 's3':
      resource = s3Resource(ctx, rng);
      service.action = { actionType: 'AWS_API_CALL', awsApiCallAction: { api: 'GetObject', serviceName: 's3.amazonaws.com', callerType: 'Remote IP', userAgent: '[aws-cli/2.15.30 Python/3.11.8 Linux/5.15]', remoteIpDetails: remoteIp(rng) } };
      break;
  }

  const finding: JsonObject = {
    accountId: ACCOUNT_ID,
    arn: `arn:aws:guardduty:${ctx.region}:${ACCOUNT_ID}:detector/${ctx.detectorId}/finding/${plan.id}`,
    createdAt: iso(plan.createdAt),
    description: subst(kind.description),
    id: plan.id,
    partition: 'aws',
    region: ctx.region,
    resource,
    schemaVersion: '2.0',
    service,
    severity: plan.severity,
    title: (plan.sample ? '[SAMPLE] ' : '') + subst(kind.title) + (ctx.hostile ?? ''),
    type: kind.type,
    updatedAt: iso(plan.updatedAt),
  };
  return finding;
}

function remoteIp(rng: Rng): JsonObject {
  const r = rng.pick(REMOTES);
  return {
    ipAddressV4: r.ip,
    organization: { asn: r.asn, asnOrg: r.asnOrg, isp: r.isp, org: r.org },
    country: { countryCode: r.countryCode, countryName: r.countryName },
    city: { cityName: r.cityName },
    geoLocation: { lat: r.lat, lon: r.lon },
  };
}

function eksResource(plan: FindingPlan, cluster: ClusterInfo | undefined, ctx: BuildContext, rng: Rng, runtime: boolean): JsonObject {
  const ns = plan.namespace ?? 'default';
  const workload = rng.pick(WORKLOADS[ns] ?? ['app']);
  const image = `${ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com/${workload}:${rng.int(1, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
  const privileged = plan.kind.type.includes('PrivilegedContainer') || plan.kind.type.includes('RuncContainerEscape');
  const sensitiveMount = plan.kind.type.includes('SensitiveMount') || plan.kind.type.includes('DockerSocket');
  const container: JsonObject = {
    name: workload,
    image,
    imagePrefix: `${ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com`,
    securityContext: { privileged, allowPrivilegeEscalation: privileged },
  };
  if (sensitiveMount) container.volumeMounts = [{ name: 'host-root', mountPath: '/host' }];
  const workloadDetails: JsonObject = {
    name: `${workload}-${rng.hex(10)}-${rng.hex(5)}`,
    type: rng.pick(['pods', 'deployments', 'daemonsets', 'jobs']),
    uid: rng.uuid(),
    namespace: ns,
    hostNetwork: ns === 'kube-system',
    hostIPC: false,
    hostPID: privileged,
    serviceAccountName: ns === 'kube-system' ? workload : 'default',
    containers: [container],
  };
  if (sensitiveMount) workloadDetails.volumes = [{ name: 'host-root', hostPath: { path: '/' } }];

  const resource: JsonObject = { resourceType: 'EKSCluster' };
  if (cluster) {
    resource.eksClusterDetails = {
      name: cluster.name,
      arn: cluster.arn,
      vpcId: cluster.vpcId,
      status: 'ACTIVE',
      tags: cluster.tags,
      createdAt: secs(cluster.createdAtMs),
    };
  }
  if (runtime) {
    resource.kubernetesDetails = { kubernetesWorkloadDetails: workloadDetails };
    resource.containerDetails = { containerRuntime: 'containerd', id: rng.hex(64), ...container };
    resource.instanceDetails = {
      instanceId: `i-0${rng.hex(16)}`,
      instanceType: rng.pick(['m6i.xlarge', 'm7g.large', 'c6i.2xlarge']),
      availabilityZone: `${ctx.region}${rng.pick(['a', 'b', 'c'])}`,
      imageId: `ami-0${rng.hex(16)}`,
      instanceState: 'running',
      tags: cluster ? [{ key: 'eks:cluster-name', value: cluster.name }, { key: 'eks:nodegroup-name', value: `${cluster.name}-ng-1` }] : [],
    };
  } else {
    const user = plan.kind.type.includes('Anonymous') ? USERS[3] : rng.pick(USERS.slice(0, 3));
    const userDetails: JsonObject = { username: user.username, uid: user.uid, groups: [...user.groups] };
    if ('sessionName' in user) userDetails.sessionName = [...user.sessionName];
    resource.kubernetesDetails = { kubernetesUserDetails: userDetails, kubernetesWorkloadDetails: workloadDetails };
  }
  return resource;
}

function kubernetesAction(plan: FindingPlan, rng: Rng): JsonObject {
  const ns = plan.namespace ?? 'default';
  const t = plan.kind.type;
  const call = t.includes('Secrets') || t.startsWith('CredentialAccess')
    ? { verb: 'get', resource: 'secrets', name: rng.pick(['db-credentials', 'stripe-api-key', 'registry-auth']) }
    : t.includes('Exec')
      ? { verb: 'create', resource: 'pods', name: rng.pick(WORKLOADS[ns] ?? ['app']), sub: 'exec' }
      : t.includes('RoleBinding')
        ? { verb: 'create', resource: 'rolebindings', name: 'ops-admin-binding' }
        : t.includes('RoleCreated')
          ? { verb: 'create', resource: 'roles', name: 'wildcard-role' }
          : t.includes('WorkloadDeployed')
            ? { verb: 'create', resource: 'pods', name: rng.pick(WORKLOADS[ns] ?? ['app']) }
            : { verb: 'list', resource: rng.pick(['pods', 'secrets', 'nodes']), name: '' };
  const remote = remoteIp(rng);
  const action: JsonObject = {
    requestUri: `/api/v1/namespaces/${ns}/${call.resource}${call.name ? `/${call.name}` : ''}${'sub' in call ? `/${call.sub}` : ''}`,
    verb: call.verb,
    resource: call.resource,
    namespace: ns,
    sourceIPs: [remote.ipAddressV4 as string],
    userAgent: rng.pick(AGENTS),
    remoteIpDetails: remote,
    statusCode: call.verb === 'create' ? 201 : 200,
  };
  if (call.name) action.resourceName = call.name;
  if ('sub' in call && call.sub !== undefined) action.subresource = call.sub;
  return { actionType: 'KUBERNETES_API_CALL', kubernetesApiCallAction: action };
}

function runtimeDetails(plan: FindingPlan, rng: Rng, hostile: string): JsonObject {
  const proc = PROCESSES[plan.kind.type] ?? { name: 'sh', path: '/bin/sh' };
  const start = plan.firstSeen - rng.int(1_000, 60_000);
  const parentUuid = rng.uuid();
  const pid = rng.int(1_000, 60_000);
  const process: JsonObject = {
    name: proc.name,
    executablePath: proc.path + hostile,
    executableSha256: rng.hex(64),
    namespacePid: rng.int(20, 400),
    pwd: rng.pick(['/app', '/', '/tmp', '/root']),
    pid,
    startTime: secs(start),
    uuid: rng.uuid(),
    parentUuid,
    user: 'root',
    userId: 0,
    euid: 0,
    lineage: [
      { startTime: secs(start - 5_000), namespacePid: 1, userId: 0, name: 'bash', pid: pid - 7, uuid: parentUuid, executablePath: '/usr/bin/bash', euid: 0, parentUuid: rng.uuid() },
      { startTime: secs(start - 600_000), namespacePid: 0, userId: 0, name: 'containerd-shim', pid: rng.int(100, 999), uuid: rng.uuid(), executablePath: '/usr/bin/containerd-shim-runc-v2', euid: 0 },
    ],
  };
  const details: JsonObject = { process };
  if (plan.kind.type.includes('DockerSocket')) details.context = { socketPath: '/var/run/docker.sock' };
  if (plan.kind.type.includes('RuncContainerEscape')) details.context = { runcBinaryPath: '/usr/bin/runc', modifiedAt: secs(start + 2_000) };
  if (plan.kind.type.includes('SuspiciousTool')) details.context = { toolName: 'nmap', toolCategory: 'Network scanner' };
  return details;
}

function sequenceDetection(plan: FindingPlan, rng: Rng): JsonObject {
  const signal = (name: string, severity: number): JsonObject => ({
    uid: rng.hex(32),
    type: 'FINDING',
    name,
    createdAt: secs(plan.firstSeen),
    updatedAt: secs(plan.updatedAt),
    firstSeenAt: secs(plan.firstSeen),
    lastSeenAt: secs(plan.lastSeen),
    severity,
    count: 1,
  });
  return {
    sequence: {
      uid: rng.hex(32),
      description: 'A sequence of Kubernetes API calls from a malicious IP was followed by a privileged workload deployment.',
      signals: [
        signal('CredentialAccess:Kubernetes/MaliciousIPCaller', 8),
        signal('PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer', 8),
      ],
      sequenceIndicators: [{ key: 'MALICIOUS_IP', values: [rng.pick(REMOTES).ip] }, { key: 'ATTACK_TACTIC', values: ['Credential Access', 'Privilege Escalation'] }],
    },
  };
}

function instanceResource(ctx: BuildContext, rng: Rng): JsonObject {
  const subnet = `subnet-0${rng.hex(16)}`;
  return {
    resourceType: 'Instance',
    instanceDetails: {
      instanceId: `i-0${rng.hex(16)}`,
      instanceType: rng.pick(['t3.medium', 'm5.large', 'c5.xlarge']),
      availabilityZone: `${ctx.region}${rng.pick(['a', 'b', 'c'])}`,
      imageId: `ami-0${rng.hex(16)}`,
      imageDescription: 'Amazon Linux 2023 AMI',
      instanceState: 'running',
      launchTime: new Date(Date.UTC(2025, rng.int(0, 11), rng.int(1, 28))).toISOString(),
      platform: 'Linux',
      networkInterfaces: [
        {
          networkInterfaceId: `eni-0${rng.hex(16)}`,
          privateIpAddress: `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`,
          publicIp: `203.0.113.${rng.int(1, 254)}`,
          subnetId: subnet,
          vpcId: `vpc-0${rng.hex(16)}`,
          securityGroups: [{ groupId: `sg-0${rng.hex(16)}`, groupName: 'bastion' }],
        },
      ],
      tags: [{ key: 'Name', value: rng.pick(['bastion', 'legacy-batch', 'jenkins-agent']) }],
    },
  };
}

function ec2Action(plan: FindingPlan, rng: Rng): JsonObject {
  if (plan.kind.type.includes('PortProbe')) {
    return {
      actionType: 'PORT_PROBE',
      portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: 22, portName: 'SSH' }, remoteIpDetails: remoteIp(rng) }] },
    };
  }
  if (plan.kind.type.endsWith('!DNS')) {
    return { actionType: 'DNS_REQUEST', dnsRequestAction: { domain: 'pool.example-mining.net', protocol: 'UDP', blocked: false } };
  }
  return {
    actionType: 'NETWORK_CONNECTION',
    networkConnectionAction: {
      blocked: false,
      connectionDirection: 'INBOUND',
      protocol: 'TCP',
      localPortDetails: { port: 22, portName: 'SSH' },
      remotePortDetails: { port: rng.int(32768, 60999), portName: 'Unknown' },
      remoteIpDetails: remoteIp(rng),
    },
  };
}

function s3Resource(ctx: BuildContext, rng: Rng): JsonObject {
  const bucket = `${rng.pick(['app-uploads', 'billing-exports', 'ml-datasets'])}-${ctx.region}`;
  return {
    resourceType: 'S3Bucket',
    accessKeyDetails: { accessKeyId: `ASIA${rng.hex(16).toUpperCase()}`, principalId: `AROAEXAMPLE${rng.hex(9).toUpperCase()}:session`, userName: 'data-reader', userType: 'AssumedRole' },
    s3BucketDetails: [
      {
        arn: `arn:aws:s3:::${bucket}`,
        name: bucket,
        type: 'Destination',
        createdAt: secs(Date.UTC(2024, rng.int(0, 11), rng.int(1, 28))),
        owner: { id: rng.hex(64) },
        tags: [],
        defaultServerSideEncryption: { encryptionType: 'AES256' },
        publicAccess: { effectivePermission: 'NOT_PUBLIC' },
      },
    ],
  };
}
