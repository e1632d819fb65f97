import type {
  Container,
  Finding,
  InstanceDetails,
  KubernetesWorkloadDetails,
  LineageObject,
  ProcessDetails,
  RemoteIpDetails,
  RuntimeContext,
} from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import { isSampleFinding } from '../domain/findings-sample.js';
import { scoreOf, severityName } from '../domain/severity.js';
import { age, severityLabel } from './findings-table.js';
import { sanitize } from '../text/sanitize.js';

/** One labelled line; an empty label continues the line above (a second container, a second context field). */
type Line = [label: string, value: string | undefined];
interface Section {
  title?: string;
  lines: Line[];
}

const clean = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : sanitize(String(v)));
const join = (parts: Array<string | undefined>, sep = '  '): string | undefined => {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join(sep) : undefined;
};
const list = (values: readonly string[] | undefined, sep = ', '): string | undefined => (values?.length ? sanitize(values.join(sep)) : undefined);

// The lineage shown inline, parent first; a longer chain says how many more there are (`-o json` has them all).
const MAX_LINEAGE = 5;
// The Kubernetes API request body (e.g. a whole pod spec) can be kilobytes: the start says what it was.
const MAX_PARAMETERS = 200;
// Container ids as `crictl ps` and `docker ps` show them, which both accept as the id.
const SHORT_CONTAINER_ID = 12;

/** `198.51.100.23  Amsterdam, Netherlands  AS64496 EXAMPLE-HOSTING-NL  ISP Example Hosting B.V.` */
export function describeRemoteIp(r: RemoteIpDetails | undefined): string | undefined {
  if (!r) return undefined;
  const org = r.Organization;
  const isp = clean(org?.Isp);
  const orgName = clean(org?.Org);
  return join([
    clean(r.IpAddressV4 ?? r.IpAddressV6),
    join([clean(r.City?.CityName), clean(r.Country?.CountryName)], ', '),
    join([org?.Asn ? `AS${sanitize(org.Asn)}` : undefined, clean(org?.AsnOrg)], ' '),
    isp ? `ISP ${isp}` : undefined,
    orgName && orgName !== isp ? `org ${orgName}` : undefined,
  ]);
}

/** ISO strings (Finding.UpdatedAt, Service.EventLastSeen) and Dates (the SDK's timestamp members) alike. */
function when(at: string | Date | undefined, now: number): string | undefined {
  if (at === undefined) return undefined;
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isNaN(ms) ? clean(at) : `${new Date(ms).toISOString()} (${age(ms, now)} ago)`;
}

const truncated = (text: string, max: number): string => (Array.from(text).length <= max ? text : `${Array.from(text).slice(0, max - 1).join('')}…`);

/** `privileged, allowPrivilegeEscalation` (flagged in yellow), or `not privileged`. */
function securityContext(c: Container, color: ChalkInstance): string | undefined {
  const sc = c.SecurityContext;
  if (!sc) return undefined;
  return join(
    [
      sc.Privileged === true ? color.yellow('privileged') : sc.Privileged === false ? 'not privileged' : undefined,
      sc.AllowPrivilegeEscalation === true ? color.yellow('allowPrivilegeEscalation') : undefined,
    ],
    ', ',
  );
}

/** A container in two lines: what it is, then what it may do (security context, mounts). */
function containerLines(c: Container, color: ChalkInstance): Line[] {
  const id = clean(c.Id);
  const mounts = c.VolumeMounts?.length
    ? `mounts ${sanitize(c.VolumeMounts.map((m) => `${m.Name ?? '?'} → ${m.MountPath ?? '?'}`).join(', '))}`
    : undefined;
  const lines: Line[] = [['Container', join([clean(c.Name), clean(c.Image), id ? color.dim(`id ${id.slice(0, SHORT_CONTAINER_ID)}`) : undefined, clean(c.ContainerRuntime)])]];
  const access = join([securityContext(c, color), mounts]);
  if (access) lines.push(['', access]);
  return lines;
}

/** Host namespaces the workload shares: each one lets a compromised pod reach the node. */
function hostAccess(w: KubernetesWorkloadDetails, color: ChalkInstance): string | undefined {
  const flags: Array<[string, boolean | undefined]> = [
    ['hostNetwork', w.HostNetwork],
    ['hostPID', w.HostPID],
    ['hostIPC', w.HostIPC],
  ];
  if (flags.every(([, v]) => v === undefined)) return undefined;
  const shared = flags.filter(([, v]) => v === true).map(([name]) => color.yellow(name));
  return shared.length > 0 ? shared.join(', ') : 'none (no hostNetwork, hostPID or hostIPC)';
}

/** `i-0abc…  m6i.xlarge  eu-west-1a  10.0.1.7  nodegroup prod-ng-1`, then the node's role and other tags. */
function nodeLines(node: InstanceDetails | undefined): Line[] {
  if (!node) return [];
  const tags = node.Tags ?? [];
  const nodegroup = tags.find((t) => t.Key === 'eks:nodegroup-name')?.Value;
  const others = tags.filter((t) => t.Key !== 'eks:nodegroup-name').map((t) => `${t.Key ?? ''}=${t.Value ?? ''}`);
  return [
    [
      'Node',
      join([
        clean(node.InstanceId),
        clean(node.InstanceType),
        clean(node.AvailabilityZone),
        clean(node.NetworkInterfaces?.[0]?.PrivateIpAddress),
        nodegroup ? `nodegroup ${sanitize(nodegroup)}` : undefined,
      ]),
    ],
    ['Node role', clean(node.IamInstanceProfile?.Arn)],
    ['Node tags', list(others)],
  ];
}

/** `bash (pid 1227) ← containerd-shim (pid 612)`: the parent first, then its parents. */
export function describeLineage(lineage: readonly LineageObject[] | undefined): string | undefined {
  if (!lineage?.length) return undefined;
  const one = (p: LineageObject) => join([clean(p.Name ?? p.ExecutablePath) ?? '?', p.Pid !== undefined ? `(pid ${p.Pid})` : undefined], ' ');
  const shown = lineage.slice(0, MAX_LINEAGE).map((p) => one(p) ?? '?');
  if (lineage.length > MAX_LINEAGE) shown.push(`… ${lineage.length - MAX_LINEAGE} more`);
  return shown.join(' ← ');
}

/** A process in one line, for the context's ModifyingProcess / TargetProcess. */
const describeProcess = (p: ProcessDetails): string | undefined =>
  join([clean(p.Name), clean(p.ExecutablePath), p.Pid !== undefined ? `pid ${p.Pid}` : undefined]);

/** `SocketPath` → `socket path`. */
const humanize = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * Every field of the runtime context that is present, one per line (`socket path: /var/run/docker.sock`). Read
 * generically: GuardDuty adds context fields with new runtime finding types, and none should go unseen.
 */
function contextLines(context: RuntimeContext | undefined, now: number): Line[] {
  if (!context) return [];
  const lines: Line[] = [];
  for (const [key, value] of Object.entries(context) as Array<[string, unknown]>) {
    let text: string | undefined;
    if (value instanceof Date) text = when(value, now);
    else if (Array.isArray(value)) text = list(value.map(String));
    else if (value !== null && typeof value === 'object') text = describeProcess(value as ProcessDetails);
    else text = clean(value);
    if (text !== undefined) lines.push([lines.length === 0 ? 'Context' : '', `${humanize(key)}: ${text}`]);
  }
  return lines;
}

/** Where it happened: the cluster, the workload and its containers, the node. */
function resourceSection(f: Finding, color: ChalkInstance): Section {
  const cluster = f.Resource?.EksClusterDetails;
  const workload = f.Resource?.KubernetesDetails?.KubernetesWorkloadDetails;
  const api = f.Service?.Action?.KubernetesApiCallAction;
  const involved = f.Resource?.ContainerDetails;
  // The container the process ran in first; then the workload's other containers.
  const containers = [...(involved ? [involved] : []), ...(workload?.Containers ?? []).filter((c) => !involved || c.Name !== involved.Name || c.Image !== involved.Image)];
  const volumes = workload?.Volumes?.length
    ? sanitize(workload.Volumes.map((v) => (v.HostPath?.Path !== undefined ? `${v.Name ?? '?'} (hostPath ${v.HostPath.Path})` : (v.Name ?? '?'))).join(', '))
    : undefined;
  return {
    title: 'Resource',
    lines: [
      ['Cluster', join([clean(cluster?.Name), clean(cluster?.Arn) && color.dim(clean(cluster?.Arn) ?? '')])],
      ['Namespace', clean(workload?.Namespace ?? api?.Namespace)],
      ['Workload', workload?.Name ? join([clean(workload.Type), clean(workload.Name)], ' ') : undefined],
      ['Service acct', clean(workload?.ServiceAccountName)],
      ['Host access', workload ? hostAccess(workload, color) : undefined],
      ...containers.flatMap((c, i) => containerLines(c, color).map(([label, value]): Line => [i === 0 ? label : '', value])),
      ['Volumes', volumes],
      ...nodeLines(f.Resource?.InstanceDetails),
    ],
  };
}

/** Who did it: the Kubernetes user, the IAM session behind it, whom they impersonated. */
function actorSection(f: Finding, color: ChalkInstance): Section {
  const user = f.Resource?.KubernetesDetails?.KubernetesUserDetails;
  const key = f.Resource?.AccessKeyDetails;
  const impersonated = user?.ImpersonatedUser;
  return {
    title: 'Actor',
    lines: [
      ['User', user?.Username ? join([clean(user.Username), user.Groups?.length ? color.dim(`groups: ${sanitize(user.Groups.join(', '))}`) : undefined]) : undefined],
      ['User UID', clean(user?.Uid)],
      ['IAM session', list(user?.SessionName)],
      [
        'Impersonated',
        impersonated?.Username
          ? join([clean(impersonated.Username), impersonated.Groups?.length ? color.dim(`groups: ${sanitize(impersonated.Groups.join(', '))}`) : undefined])
          : undefined,
      ],
      [
        'Access key',
        key ? join([clean(key.AccessKeyId), join([clean(key.UserName), key.UserType ? `(${sanitize(key.UserType)})` : undefined], ' '), key.PrincipalId ? `principal ${sanitize(key.PrincipalId)}` : undefined]) : undefined,
      ],
    ],
  };
}

/** What was done: the API call or network activity, from where, and what threat intelligence said about it. */
function actionSection(f: Finding): Section {
  const action = f.Service?.Action;
  const api = action?.KubernetesApiCallAction;
  const net = action?.NetworkConnectionAction;
  const dns = action?.DnsRequestAction;
  const checked = action?.KubernetesPermissionCheckedDetails;
  const binding = action?.KubernetesRoleBindingDetails;
  const role = action?.KubernetesRoleDetails;
  const remote = api?.RemoteIpDetails ?? net?.RemoteIpDetails ?? action?.AwsApiCallAction?.RemoteIpDetails;
  const intel = f.Service?.Evidence?.ThreatIntelligenceDetails ?? [];
  return {
    title: 'Action',
    lines: [
      ['API call', api ? join([clean(api.Verb), clean(api.RequestUri), api.StatusCode !== undefined ? `→ ${api.StatusCode}` : undefined], ' ') : undefined],
      ['Parameters', api?.Parameters ? sanitize(truncated(api.Parameters, MAX_PARAMETERS)) : undefined],
      ['User agent', clean(api?.UserAgent)],
      ['Source IPs', list(api?.SourceIps)],
      [
        'Connection',
        net
          ? join([
              clean(net.ConnectionDirection),
              clean(net.Protocol),
              net.LocalPortDetails?.Port !== undefined ? `local port ${net.LocalPortDetails.Port}` : undefined,
              net.RemotePortDetails?.Port !== undefined ? `remote port ${net.RemotePortDetails.Port}` : undefined,
              net.Blocked ? 'blocked' : undefined,
            ])
          : undefined,
      ],
      ['Domain', dns ? join([clean(dns.Domain), clean(dns.Protocol), dns.Blocked ? 'blocked' : undefined]) : undefined],
      ['Remote IP', describeRemoteIp(remote)],
      [
        'Permission',
        checked
          ? join([join([clean(checked.Verb), clean(checked.Resource)], ' '), checked.Namespace ? `in ${sanitize(checked.Namespace)}` : undefined, checked.Allowed === undefined ? undefined : checked.Allowed ? '→ allowed' : '→ denied'], ' ')
          : undefined,
      ],
      ['Role binding', binding ? join([join([clean(binding.Kind), clean(binding.Name)], ' '), binding.RoleRefName ? `→ ${join([clean(binding.RoleRefKind), clean(binding.RoleRefName)], ' ')}` : undefined], ' ') : undefined],
      ['Role', role ? join([clean(role.Kind), clean(role.Name)], ' ') : undefined],
      ...intel.map((t, i): Line => [i === 0 ? 'Threat intel' : '', join([clean(t.ThreatListName), list(t.ThreatNames), t.ThreatFileSha256 ? `sha256 ${sanitize(t.ThreatFileSha256)}` : undefined])]),
    ],
  };
}

/** What ran (runtime findings): the process, its binary, its parents, and the context GuardDuty recorded. */
function processSection(f: Finding, now: number): Section {
  const runtime = f.Service?.RuntimeDetails;
  const p = runtime?.Process;
  const ids = p ? join([p.UserId !== undefined ? `uid ${p.UserId}` : undefined, p.Euid !== undefined && p.Euid !== p.UserId ? `euid ${p.Euid}` : undefined], ', ') : undefined;
  return {
    title: 'Process',
    lines: [
      ['Process', p ? join([clean(p.Name), clean(p.ExecutablePath), p.Pid !== undefined ? `pid ${p.Pid}` : undefined, p.NamespacePid !== undefined ? `(pid ${p.NamespacePid} in the container)` : undefined]) : undefined],
      ['SHA-256', clean(p?.ExecutableSha256)],
      ['Working dir', clean(p?.Pwd)],
      ['Process user', p && (p.User !== undefined || ids) ? join([clean(p.User), ids ? `(${ids})` : undefined], ' ') : undefined],
      ['Started', when(p?.StartTime, now)],
      ['Parents', describeLineage(p?.Lineage)],
      ...contextLines(runtime?.Context, now),
    ],
  };
}

/** Attack sequences (the signals that make one up) and anomaly findings (what was unusual). */
function detectionSection(f: Finding): Section {
  const detection = f.Service?.Detection;
  const seq = detection?.Sequence;
  const unusual = Object.entries(detection?.Anomaly?.Unusual?.Behavior ?? {}).flatMap(([profile, features]) =>
    Object.entries(features).map(([feature, o]) => `${profile}/${feature}: ${[...(o.Observations?.Text ?? []), ...(o.Observations?.Number ?? []).map(String)].join(', ') || '-'}`),
  );
  return {
    title: 'Detection',
    lines: [
      ['Sequence', clean(seq?.Description)],
      ...(seq?.Signals ?? []).map((s, i): Line => [i === 0 ? 'Signals' : '', join([clean(s.Name), s.Severity !== undefined ? s.Severity.toFixed(1) : undefined, s.Count !== undefined ? `×${s.Count}` : undefined])]),
      ...(seq?.SequenceIndicators ?? []).map((ind, i): Line => [i === 0 ? 'Indicators' : '', `${sanitize(String(ind.Key ?? '?'))}: ${list(ind.Values) ?? '-'}`]),
      ...unusual.map((u, i): Line => [i === 0 ? 'Unusual' : '', sanitize(u)]),
    ],
  };
}

/**
 * One finding in full, for a person: what happened (title, type, severity, description), then in sections
 * where (cluster, workload, containers, node), who (Kubernetes user, IAM session), how (API call, network,
 * remote IP), what ran (process, lineage, runtime context), how it was detected, and when. Only what the
 * finding carries is shown. Everything that came from AWS is sanitized: runtime fields such as file paths are
 * attacker-controlled.
 */
export function renderFindingDetail(f: Finding, color: ChalkInstance, now: number): string {
  const score = scoreOf(f.Severity);
  const sample = isSampleFinding(f);
  const sections: Section[] = [
    {
      lines: [
        ['Finding', clean(f.Id)],
        ['Region', join([clean(f.Region), f.AccountId ? `account ${sanitize(f.AccountId)}` : undefined])],
        ['Feature', clean(f.Service?.FeatureName)],
        ['Sample', sample ? color.yellow('yes: made by CreateSampleFindings (gdeks findings sample), not a real event') : undefined],
      ],
    },
    resourceSection(f, color),
    actorSection(f, color),
    actionSection(f),
    processSection(f, now),
    detectionSection(f),
    {
      title: 'Timeline',
      lines: [
        ['First seen', when(f.Service?.EventFirstSeen, now)],
        ['Last seen', when(f.Service?.EventLastSeen, now)],
        ['Created', when(f.CreatedAt, now)],
        ['Updated', when(f.UpdatedAt, now)],
        ['Count', f.Service?.Count !== undefined ? String(f.Service.Count) : undefined],
        ['Archived', f.Service?.Archived ? color.yellow('yes') : 'no'],
      ],
    },
  ];
  const present = sections.map((s) => ({ ...s, lines: s.lines.filter(([, value]) => value !== undefined) })).filter((s) => s.lines.length > 0);
  // One label width for the whole view, so values line up from the first section to the last.
  const width = Math.max(...present.flatMap((s) => s.lines.map(([label]) => label.length)));
  const out = [
    join([`${severityLabel(severityName(score), color)} ${color.dim(score.toFixed(1))}`, color.bold(clean(f.Type) ?? '-'), sample ? color.yellow('[sample]') : undefined]) ?? '',
    clean(f.Title) ?? '',
  ];
  if (f.Description) out.push(color.dim(sanitize(f.Description)));
  for (const section of present) {
    out.push('');
    if (section.title) out.push(color.bold.underline(section.title));
    for (const [label, value] of section.lines) out.push(`  ${color.bold(label.padEnd(width))}  ${value}`);
  }
  return `${out.join('\n')}\n`;
}
