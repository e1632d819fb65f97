/**
 * The known EKS finding types (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-active.html): EKS audit-log findings (`…:Kubernetes/…`), runtime
 * findings GuardDuty raises for EKS workloads (`…:Runtime/…`), the EKS attack sequence and the Malware
 * Protection types for Kubernetes. GuardDuty adds types over time, so this is an open set: an unknown exact
 * type is still accepted wherever a type is.
 */
const group = (prefix: string, names: readonly string[]): string[] => names.map((n) => `${prefix}/${n}`);

const IP_CALLERS = ['MaliciousIPCaller', 'MaliciousIPCaller.Custom', 'SuccessfulAnonymousAccess', 'TorIPCaller'];

/** EKS Protection (audit logs). */
export const EKS_AUDIT_LOG_TYPES: readonly string[] = [
  ...group('CredentialAccess:Kubernetes', [...IP_CALLERS, 'AnomalousBehavior.SecretsAccessed']),
  ...group('DefenseEvasion:Kubernetes', IP_CALLERS),
  ...group('Discovery:Kubernetes', [...IP_CALLERS, 'AnomalousBehavior.PermissionChecked']),
  ...group('Execution:Kubernetes', ['ExecInKubeSystemPod', 'AnomalousBehavior.ExecInPod', 'AnomalousBehavior.WorkloadDeployed']),
  ...group('Impact:Kubernetes', IP_CALLERS),
  ...group('Persistence:Kubernetes', [...IP_CALLERS, 'AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount']),
  ...group('Policy:Kubernetes', ['AdminAccessToDefaultServiceAccount', 'AnonymousAccessGranted', 'ExposedDashboard', 'KubeflowDashboardExposed']),
  ...group('PrivilegeEscalation:Kubernetes', [
    'AnomalousBehavior.RoleBindingCreated',
    'AnomalousBehavior.RoleCreated',
    'AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
  ]),
];

/** Runtime Monitoring findings that GuardDuty raises for EKS pods. */
export const EKS_RUNTIME_TYPES: readonly string[] = [
  ...group('CryptoCurrency:Runtime', ['BitcoinTool.B', 'BitcoinTool.B!DNS']),
  ...group('Backdoor:Runtime', ['C&CActivity.B', 'C&CActivity.B!DNS']),
  ...group('UnauthorizedAccess:Runtime', ['TorRelay', 'TorClient', 'MetadataDNSRebind']),
  ...group('Trojan:Runtime', [
    'BlackholeTraffic',
    'BlackholeTraffic!DNS',
    'DropPoint',
    'DropPoint!DNS',
    'DGADomainRequest.C!DNS',
    'DriveBySourceTraffic!DNS',
    'PhishingDomainRequest!DNS',
  ]),
  ...group('Impact:Runtime', [
    'AbusedDomainRequest.Reputation',
    'BitcoinDomainRequest.Reputation',
    'MaliciousDomainRequest.Reputation',
    'SuspiciousDomainRequest.Reputation',
    'CryptoMinerExecuted',
  ]),
  ...group('Execution:Runtime', ['NewBinaryExecuted', 'ReverseShell', 'NewLibraryLoaded', 'SuspiciousTool', 'SuspiciousCommand', 'MaliciousFileExecuted']),
  ...group('PrivilegeEscalation:Runtime', [
    'DockerSocketAccessed',
    'RuncContainerEscape',
    'CGroupsReleaseAgentModified',
    'ContainerMountsHostDirectory',
    'UserfaultfdUsage',
  ]),
  ...group('DefenseEvasion:Runtime', [
    'ProcessInjection.Proc',
    'ProcessInjection.Ptrace',
    'ProcessInjection.VirtualMemoryWrite',
    'FilelessExecution',
    'SuspiciousCommand',
    'PtraceAntiDebugging',
  ]),
];

/** Other EKS-related types: the attack sequence and Malware Protection's Kubernetes findings. */
export const EKS_OTHER_TYPES: readonly string[] = [
  'AttackSequence:EKS/CompromisedCluster',
  'Execution:Kubernetes/MaliciousFile',
  'Execution:Kubernetes/SuspiciousFile',
];

/**
 * Retired: GuardDuty no longer raises them, but findings are kept 90 days and guides still name them, so a
 * `--type` filter may match them. Never requested as samples (CreateSampleFindings' behaviour for them is unknown).
 */
export const RETIRED_EKS_TYPES: readonly string[] = [
  'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
  'Persistence:Kubernetes/ContainerWithSensitiveMount',
];

/** Every current EKS finding type: what `findings sample` asks for by default. */
export const EKS_FINDING_TYPES: readonly string[] = [...EKS_AUDIT_LOG_TYPES, ...EKS_RUNTIME_TYPES, ...EKS_OTHER_TYPES];

const KNOWN: readonly string[] = [...EKS_FINDING_TYPES, ...RETIRED_EKS_TYPES];

export interface TypeMatch {
  /** Exact types to filter or sample on. */
  types: string[];
  /** False when `value` matched no known type and is passed through verbatim (GuardDuty adds types). */
  known: boolean;
}

/**
 * The one short form of each threat purpose (the part before `:`), used by the findings table when its TYPE
 * column is narrow and accepted by `--type` (`--type PrivEsc`), so what the table shows can be typed back.
 */
export const PURPOSE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  AttackSequence: 'AttackSeq',
  CredentialAccess: 'CredAccess',
  CryptoCurrency: 'Crypto',
  DefenseEvasion: 'DefEvasion',
  Execution: 'Exec',
  Exfiltration: 'Exfil',
  InitialAccess: 'InitAccess',
  Persistence: 'Persist',
  PrivilegeEscalation: 'PrivEsc',
  UnauthorizedAccess: 'UnauthAccess',
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `PrivEsc:Kubernetes` → `PrivilegeEscalation:Kubernetes`: a leading short purpose (any case) in its long form. */
function unabbreviate(text: string): string {
  const m = /^([A-Za-z]+)(?=:|$|…)/.exec(text);
  if (!m?.[1]) return text;
  const long = Object.entries(PURPOSE_ABBREVIATIONS).find(([, short]) => short.toLowerCase() === m[1]?.toLowerCase())?.[0];
  return long ? long + text.slice(m[1].length) : text;
}

/**
 * Expands `--type`: an exact known type is itself (so `…/MaliciousIPCaller` does not also pull in
 * `…/MaliciousIPCaller.Custom`); otherwise every known type starting with `value`, case-insensitively
 * (`privilegeescalation` → the PrivilegeEscalation types). The table's forms are accepted too: a short purpose
 * (`PrivEsc`, `PrivEsc:Kubernetes`) and a cut type cell, where `…` stands for what was cut
 * (`PrivEsc:…/PrivilegedContainer`). No match: `value` itself, as an exact type.
 */
export function expandFindingType(value: string, known: readonly string[] = KNOWN): TypeMatch {
  const text = unabbreviate(value.trim());
  if (known.includes(text)) return { types: [text], known: true };
  if (text.includes('…')) {
    const pattern = new RegExp(`^${text.split('…').map(escapeRegExp).join('.*')}$`, 'i');
    const cut = known.filter((t) => pattern.test(t));
    if (cut.length > 0) return { types: cut, known: true };
  }
  const lower = text.toLowerCase();
  const exactIgnoringCase = known.filter((t) => t.toLowerCase() === lower);
  if (exactIgnoringCase.length > 0) return { types: exactIgnoringCase, known: true };
  const matches = known.filter((t) => t.toLowerCase().startsWith(lower));
  return matches.length > 0 ? { types: matches, known: true } : { types: [text], known: false };
}

// GuardDuty type names: ThreatPurpose:ResourceType/ThreatFamilyName.DetectionMechanism!Artifact (1–100 chars).
const TYPE_SHAPE = /^[A-Za-z0-9]+:[A-Za-z0-9]+\/[A-Za-z0-9.!&_-]+$/;

/** True when `value` has the shape of a finding type, e.g. `Execution:Kubernetes/ExecInKubeSystemPod`. */
export function looksLikeFindingType(value: string): boolean {
  return value.length >= 1 && value.length <= 100 && TYPE_SHAPE.test(value);
}
