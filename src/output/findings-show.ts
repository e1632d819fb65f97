import type { Finding, RemoteIpDetails } from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import { severityName } from '../core/severity.js';
import { age, severityLabel } from './findings-table.js';
import { sanitize } from './sanitize.js';

type Line = [label: string, value: string | undefined];

const clean = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : sanitize(String(v)));
const join = (parts: Array<string | undefined>, sep = '  '): string | undefined => {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join(sep) : undefined;
};

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

function when(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? clean(iso) : `${new Date(ms).toISOString()} (${age(ms, now)} ago)`;
}

/**
 * One finding in full, for a person: what happened (title, type, severity, description), where (cluster,
 * namespace, workload), who (Kubernetes user), how (API call or runtime process, remote IP) and when.
 * Everything that came from AWS is sanitized: runtime fields such as file paths are attacker-controlled.
 */
export function renderFindingDetail(f: Finding, color: ChalkInstance, now: number): string {
  const score = f.Severity ?? 0;
  const k8s = f.Resource?.KubernetesDetails;
  const workload = k8s?.KubernetesWorkloadDetails;
  const user = k8s?.KubernetesUserDetails;
  const action = f.Service?.Action;
  const api = action?.KubernetesApiCallAction;
  const process = f.Service?.RuntimeDetails?.Process;
  const cluster = f.Resource?.EksClusterDetails;
  const remote = api?.RemoteIpDetails ?? action?.NetworkConnectionAction?.RemoteIpDetails ?? action?.AwsApiCallAction?.RemoteIpDetails;
  const sample = /"sample"\s*:\s*true/.test(f.Service?.AdditionalInfo?.Value ?? '');

  const lines: Line[] = [
    ['Finding', clean(f.Id)],
    ['Region', join([clean(f.Region), f.AccountId ? `account ${sanitize(f.AccountId)}` : undefined])],
    ['Cluster', join([clean(cluster?.Name), clean(cluster?.Arn) && color.dim(clean(cluster?.Arn) ?? '')])],
    ['Namespace', clean(workload?.Namespace ?? api?.Namespace)],
    ['Workload', workload?.Name ? join([clean(workload.Type), clean(workload.Name)], ' ') : undefined],
    ['Service acct', clean(workload?.ServiceAccountName)],
    [
      'User',
      user?.Username
        ? join([clean(user.Username), user.Groups?.length ? color.dim(`groups: ${sanitize(user.Groups.join(', '))}`) : undefined])
        : undefined,
    ],
    ['Impersonated', clean(user?.ImpersonatedUser?.Username)],
    [
      'API call',
      api ? join([clean(api.Verb), clean(api.RequestUri), api.StatusCode !== undefined ? `→ ${api.StatusCode}` : undefined], ' ') : undefined,
    ],
    ['User agent', clean(api?.UserAgent)],
    ['Source IPs', api?.SourceIps?.length ? sanitize(api.SourceIps.join(', ')) : undefined],
    ['Process', process ? join([clean(process.Name), clean(process.ExecutablePath), process.Pid !== undefined ? `pid ${process.Pid}` : undefined]) : undefined],
    ['Process user', clean(process?.User)],
    ['Domain', clean(action?.DnsRequestAction?.Domain)],
    ['Remote IP', describeRemoteIp(remote)],
    ['First seen', when(f.Service?.EventFirstSeen, now)],
    ['Last seen', when(f.Service?.EventLastSeen, now)],
    ['Updated', when(f.UpdatedAt, now)],
    ['Count', f.Service?.Count !== undefined ? String(f.Service.Count) : undefined],
    ['Archived', f.Service?.Archived ? color.yellow('yes') : 'no'],
    ['Sample', sample ? color.yellow('yes (created by CreateSampleFindings)') : undefined],
  ];
  const width = Math.max(...lines.map(([l]) => l.length));
  const out = [
    `${severityLabel(severityName(score), color)} ${color.dim(score.toFixed(1))}  ${color.bold(clean(f.Type) ?? '-')}`,
    clean(f.Title) ?? '',
  ];
  if (f.Description) out.push(color.dim(sanitize(f.Description)));
  out.push('');
  for (const [label, value] of lines) if (value !== undefined) out.push(`${color.bold(label.padEnd(width))}  ${value}`);
  return `${out.join('\n')}\n`;
}
