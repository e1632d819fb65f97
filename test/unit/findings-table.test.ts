import type { Finding } from '@aws-sdk/client-guardduty';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { sortForDisplay } from '../../src/domain/findings-summary.js';
import { renderFindingDetail } from '../../src/output/findings-show.js';
import { jsonArrayWriter, ndjsonWriter, tableWriter } from '../../src/output/findings-stream.js';
import { EKS_FINDING_TYPES, expandFindingType, PURPOSE_ABBREVIATIONS, RETIRED_EKS_TYPES } from '../../src/domain/findings-types.js';
import { age, renderFindingsTable, subjectOf, truncateType } from '../../src/output/findings-table.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const plain = new Chalk({ level: 0 });
const width = (line: string) => Array.from(line).length;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function finding(over: { id?: string; severity?: number; type?: string; cluster?: string; updated?: string; namespace?: string; workload?: string; user?: string; count?: number } = {}): Finding {
  const updated = over.updated ?? '2026-11-25T11:00:00.000Z';
  return {
    AccountId: '123456789012',
    Arn: `arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/${over.id ?? 'a'.repeat(32)}`,
    CreatedAt: '2026-11-20T00:00:00.000Z',
    Id: over.id ?? 'a'.repeat(32),
    Region: 'us-east-1',
    SchemaVersion: '2.0',
    Severity: over.severity ?? 5,
    Type: over.type ?? 'Execution:Kubernetes/ExecInKubeSystemPod',
    UpdatedAt: updated,
    Title: 'Command executed inside a pod in the kube-system namespace.',
    Resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: { Name: over.cluster ?? 'prod' },
      KubernetesDetails: {
        ...(over.workload || over.namespace ? { KubernetesWorkloadDetails: { Name: over.workload, Namespace: over.namespace, Type: 'pods' } } : {}),
        ...(over.user ? { KubernetesUserDetails: { Username: over.user, Groups: ['system:masters'] } } : {}),
      },
    },
    Service: { Count: over.count ?? 1, Archived: false, EventFirstSeen: '2026-11-20T00:00:00.000Z', EventLastSeen: updated },
  };
}

describe('findings table', () => {
  it('fits 120 columns with very long remote values, and keeps finding ids whole', () => {
    const rows = [
      finding({
        id: 'b'.repeat(32),
        type: 'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
        cluster: 'a-very-long-cluster-name-for-the-production-environment-in-frankfurt',
        namespace: 'payments-processing-and-reconciliation',
        workload: 'card-tokenizer-deployment-with-a-long-name-5d9f8c7b5-x2x9k',
      }),
      finding({ id: 'c'.repeat(32), user: `arn:aws:sts::123456789012:assumed-role/${'x'.repeat(80)}/session`, count: 12345 }),
    ];
    const text = renderFindingsTable(rows, plain, { now: NOW });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(120);
    expect(text).toContain('b'.repeat(32));
    expect(text).toContain('c'.repeat(32));
    expect(text).toContain('12345');
    // The type keeps its threat purpose (short form) and its specific name whole; cut text is marked.
    expect(lines[1]).toMatch(/ PrivEsc:…PrivilegedContainer /);
    expect(lines[1]).toMatch(/ a-very-lo\S*… /);
    // The subject keeps 20 characters: enough to name the namespace and the start of the workload.
    expect(lines[1]).toMatch(/ payments-processing\S*… /);
  });

  it('fits an 80-column terminal by leaving out COUNT, then WORKLOAD/USER, keeping ids whole', () => {
    const rows = [
      finding({ id: 'b'.repeat(32), type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer', cluster: 'payments-prod-eu', namespace: 'payments', workload: 'tokenizer-5d9f8c7b5-x2x9k', count: 7 }),
      finding({ id: 'c'.repeat(32), user: 'arn:aws:sts::123456789012:assumed-role/admin/session' }),
    ];
    const at = (w: number) => renderFindingsTable(rows, plain, { now: NOW, width: w }).trimEnd().split('\n');
    const wide = at(120);
    expect(wide[0]).toMatch(/WORKLOAD\/USER\s+COUNT/);
    const medium = at(100);
    for (const line of medium) expect(width(line)).toBeLessThanOrEqual(100);
    expect(medium[0]).toContain('WORKLOAD/USER');
    expect(medium[0]).not.toContain('COUNT');
    const narrow = at(80);
    for (const line of narrow) expect(width(line)).toBeLessThanOrEqual(80);
    expect(narrow[0]).toMatch(/^SEVERITY\s+TYPE\s+CLUSTER\s+SEEN\s+FINDING ID$/);
    expect(narrow[1]).toMatch(/^MEDIUM\s+PrivEsc:…\/Privilege…\s+payment…\s+1h\s+b{32}$/);
    expect(narrow[2]).toContain('c'.repeat(32));
  });

  it('short content is not padded out to 120 and is not truncated', () => {
    const text = renderFindingsTable([finding({ type: 'Policy:Kubernetes/ExposedDashboard', namespace: 'web', workload: 'api' })], plain, { now: NOW });
    const [header, row] = text.trimEnd().split('\n');
    expect(header).toMatch(/^SEVERITY\s+TYPE\s+CLUSTER\s+WORKLOAD\/USER\s+COUNT\s+SEEN\s+FINDING ID$/);
    expect(row).toMatch(/^MEDIUM\s+Policy:Kubernetes\/ExposedDashboard\s+prod\s+web\/api\s+1\s+1h\s+a{32}$/);
    expect(text).not.toContain('…');
  });

  it('at 120 columns the subject keeps 20 characters: the type gives up its resource segment first', () => {
    const type = 'Execution:Runtime/NewBinaryExecuted';
    const text = renderFindingsTable([finding({ type, namespace: 'kube-system', workload: 'coredns-5d78c9869d-abcde', cluster: 'prod-eu-central-payments' })], plain, { now: NOW });
    const [header = '', row = ''] = text.trimEnd().split('\n');
    expect(width(row)).toBeLessThanOrEqual(120);
    expect(row).toMatch(/^MEDIUM {4}Execution:…\/NewBinaryExecuted  prod-eu-c…  kube-system\/coredns…  /);
    // Shrunk columns never cut their header, so every column stays under its heading.
    expect(header.indexOf('COUNT') + 'COUNT'.length).toBe(row.indexOf('1  1h') + 1);
  });

  it('marks sample findings before their type, dimmed, without breaking the columns or the width', () => {
    const sample = finding({ id: 's'.repeat(32), type: 'Execution:Runtime/ReverseShell', namespace: 'web', workload: 'api' });
    sample.Service = { ...sample.Service, AdditionalInfo: { Value: '{"sample":true}', Type: 'default' } };
    const real = finding({ id: 'r'.repeat(32), type: 'Execution:Runtime/ReverseShell', namespace: 'web', workload: 'api' });
    const [, s = '', r = ''] = renderFindingsTable([sample, real], plain, { now: NOW }).trimEnd().split('\n');
    expect(s).toMatch(/^MEDIUM {4}\[sample\] Execution:Runtime\/ReverseShell  prod /);
    expect(r).toMatch(/^MEDIUM {4}Execution:Runtime\/ReverseShell {11}prod /);
    const color = new Chalk({ level: 1 });
    const coloured = renderFindingsTable([sample, real], color, { now: NOW });
    expect(coloured).toContain(`${color.dim('[sample]')} Execution:Runtime/ReverseShell`);
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '').trimEnd().split('\n');
    expect(new Set(stripped.map((l) => l.indexOf('CLUSTER') >= 0 ? l.indexOf('CLUSTER') : l.indexOf('prod'))).size).toBe(1);
    for (const w of [100, 80]) {
      const lines = renderFindingsTable([sample, real], plain, { now: NOW, width: w }).trimEnd().split('\n');
      for (const line of lines) expect(width(line)).toBeLessThanOrEqual(w);
      expect(lines[1]).toMatch(new RegExp(`^MEDIUM {4}\\[sample\\] Exec\\S* .* ${'s'.repeat(32)}$`));
    }
  });

  it('marks archived findings (listed with --archived) before their type, so they are not taken for open ones', () => {
    const archived = finding({ id: 'b'.repeat(32), type: 'Execution:Runtime/ReverseShell', namespace: 'web', workload: 'api' });
    archived.Service = { ...archived.Service, Archived: true };
    const active = finding({ id: 'c'.repeat(32), type: 'Execution:Runtime/ReverseShell', namespace: 'web', workload: 'api' });
    const [, a = '', o = ''] = renderFindingsTable([archived, active], plain, { now: NOW }).trimEnd().split('\n');
    expect(a).toMatch(/^MEDIUM {4}\[archived\] Execution:\S*ReverseShell +prod /);
    expect(o).toMatch(/^MEDIUM {4}Execution:\S*ReverseShell +prod /);
    expect(o).not.toContain('[archived]');
    expect(a.indexOf('prod')).toBe(o.indexOf('prod'));
    const color = new Chalk({ level: 1 });
    expect(renderFindingsTable([archived], color, { now: NOW })).toContain(`${color.dim('[archived]')} Execution:`);
    // An archived sample carries both marks; a narrow table keeps them and its width.
    archived.Service = { ...archived.Service, AdditionalInfo: { Value: '{"sample":true}', Type: 'default' } };
    for (const w of [120, 100, 80]) {
      const lines = renderFindingsTable([archived, active], plain, { now: NOW, width: w }).trimEnd().split('\n');
      for (const line of lines) expect(width(line)).toBeLessThanOrEqual(w);
      expect(lines[1]).toMatch(/^MEDIUM {4}\[archived\] \[sample\] /);
    }
  });

  it('one short form per purpose at every width (PrivEsc, never Priv; AttackSeq, never Attack), and --type takes the cell back', () => {
    for (const type of [...EKS_FINDING_TYPES, ...RETIRED_EKS_TYPES]) {
      const purpose = type.slice(0, type.indexOf(':'));
      const allowed = new Set([purpose, PURPOSE_ABBREVIATIONS[purpose] ?? purpose]);
      for (let w = 12; w <= type.length; w++) {
        const cell = truncateType(type, w);
        const shown = /^([A-Za-z]+):/.exec(cell)?.[1];
        if (shown !== undefined) expect(allowed, `${type} at ${w}: ${cell}`).toContain(shown);
        // What the table shows, typed back as --type, finds the type it stands for.
        if (shown !== undefined) expect(expandFindingType(cell).types, `${type} at ${w}: ${cell}`).toContain(type);
      }
    }
  });

  it('neutralises terminal escapes in remote strings', () => {
    const text = renderFindingsTable([finding({ type: 'Policy:Kubernetes/ExposedDashboard', cluster: 'ev\u001b[2J', user: 'bob\u0007' })], plain, {
      now: NOW,
    });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text).toContain('ev\\u001b[2J');
    expect(text).toContain('bob\\u0007');
  });

  it('colours the severity label by band', () => {
    const color = new Chalk({ level: 1 });
    const text = renderFindingsTable([finding({ severity: 9.5 }), finding({ severity: 2, id: 'd'.repeat(32) })], color, { now: NOW });
    expect(text).toContain(color.bold.red('CRITICAL'));
    expect(text).toContain(color.blue('LOW     '));
  });

  it('subject: namespace/workload, else the Kubernetes user, else the namespace', () => {
    expect(subjectOf(finding({ namespace: 'web', workload: 'api', user: 'alice' }))).toBe('web/api');
    expect(subjectOf(finding({ user: 'system:anonymous' }))).toBe('system:anonymous');
    expect(subjectOf(finding({ namespace: 'web' }))).toBe('web');
    expect(subjectOf(finding())).toBe('-');
  });

  it('ages read like kubectl', () => {
    expect(age(NOW - 5_000, NOW)).toBe('5s');
    expect(age(NOW - 12 * 60_000, NOW)).toBe('12m');
    expect(age(NOW - 3 * 3_600_000, NOW)).toBe('3h');
    expect(age(NOW - 21 * 86_400_000, NOW)).toBe('21d');
    expect(age(NOW + 60_000, NOW)).toBe('0s');
  });

  it('truncateType never exceeds its width', () => {
    for (const t of [...EKS_FINDING_TYPES, 'NoColonOrSlash', 'Recon:EC2/PortProbeUnprotectedPort']) {
      for (let w = 1; w <= width(t); w++) expect(width(truncateType(t, w)), `${t} at ${w}`).toBeLessThanOrEqual(w);
    }
  });

  it('truncateType drops the resource segment first, then shortens the purpose, keeping the specific name whole', () => {
    expect(truncateType('PrivilegeEscalation:Kubernetes/PrivilegedContainer', 41)).toBe('PrivilegeEscalation:…/PrivilegedContainer');
    expect(truncateType('PrivilegeEscalation:Kubernetes/PrivilegedContainer', 38)).toBe('PrivEsc:…/PrivilegedContainer');
    expect(truncateType('Policy:Kubernetes/AnonymousAccessGranted', 38)).toBe('Policy:…/AnonymousAccessGranted');
    expect(truncateType('Policy:Kubernetes/ExposedDashboard', 30)).toBe('Policy:…/ExposedDashboard');
    // The general start of a name (`AnomalousBehavior.`) goes before the specific end.
    expect(truncateType('PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer', 38)).toBe('PrivEsc:…PrivilegedContainer');
    // A short qualifier (`.Reputation`) is never left without its family: the name loses its last words instead.
    expect(truncateType('Impact:Runtime/SuspiciousDomainRequest.Reputation', 30)).toBe('Impact:…/SuspiciousDomain…');
  });

  it('truncateType cuts every EKS finding type between words, from 24 characters up', () => {
    // Where a cut leaves letters next to `…`, they are a whole word of the type: `Kuber…` or `…rivileged` would not be.
    const endsAWord = (t: string, before: string) => {
      const w = /[A-Za-z0-9&]+$/.exec(before)?.[0];
      return w === undefined || new RegExp(`${escape(w)}(?=[A-Z.!:/]|$)`).test(t);
    };
    const startsAWord = (t: string, after: string) => {
      const w = /^[A-Za-z0-9&]+/.exec(after)?.[0];
      return w === undefined || new RegExp(`(^|[a-z0-9.!:/])${escape(w)}`).test(t);
    };
    for (const t of EKS_FINDING_TYPES) {
      for (let w = 24; w < width(t); w++) {
        const cut = truncateType(t, w);
        const parts = cut.split('…');
        for (let i = 0; i < parts.length - 1; i++) {
          expect(endsAWord(t, parts[i] ?? ''), `${t} at ${w}: ${cut}`).toBe(true);
          expect(startsAWord(t, parts[i + 1] ?? ''), `${t} at ${w}: ${cut}`).toBe(true);
        }
      }
    }
  });
});

describe('display order', () => {
  it('severity first, then newest; findings equal on both keep the listed order', () => {
    const list = [
      finding({ id: '1', severity: 5, updated: '2026-11-20T00:00:00Z' }),
      finding({ id: '2', severity: 8, updated: '2026-11-01T00:00:00Z' }),
      finding({ id: '3', severity: 5, updated: '2026-11-24T00:00:00Z' }),
      finding({ id: '4', severity: 8, updated: '2026-11-01T00:00:00Z' }),
    ];
    expect(sortForDisplay(list, 'severity').map((f) => f.Id)).toEqual(['2', '4', '3', '1']);
    expect(sortForDisplay(list, 'updated').map((f) => f.Id)).toEqual(['3', '1', '2', '4']);
  });
});

describe('stream writers', () => {
  const collect = () => {
    const chunks: string[] = [];
    return { chunks, out: (t: string) => void chunks.push(t), text: () => chunks.join('') };
  };

  it('json: a valid array of the findings, unchanged, across several batches', () => {
    const c = collect();
    const w = jsonArrayWriter(c.out);
    const a = finding({ id: 'a1' });
    const b = finding({ id: 'b2' });
    w.write('us-east-1', [a]);
    w.write('us-east-1', []);
    w.write('eu-west-1', [b, a]);
    w.end();
    expect(JSON.parse(c.text())).toEqual([a, b, a]);
    expect(c.text().endsWith(']\n')).toBe(true);
  });

  it('json and ndjson write timestamp members as the API sends them (epoch seconds), like the AWS CLI', () => {
    const f = finding();
    f.Resource = { ...f.Resource, EksClusterDetails: { Name: 'prod', CreatedAt: new Date('2026-04-15T17:21:16.250Z') } };
    const c = collect();
    const w = jsonArrayWriter(c.out);
    w.write('us-east-1', [f]);
    w.end();
    const [printed] = JSON.parse(c.text()) as Finding[];
    expect(printed?.Resource?.EksClusterDetails?.CreatedAt).toBe(1776273676.25);
    // String members stay the strings GuardDuty sent.
    expect(printed?.UpdatedAt).toBe('2026-11-25T11:00:00.000Z');
    const n = collect();
    ndjsonWriter(n.out).write('us-east-1', [f]);
    expect(JSON.parse(n.text()).Resource.EksClusterDetails.CreatedAt).toBe(1776273676.25);
  });

  it('json: `[` is written at once and an empty listing is []', () => {
    const c = collect();
    const w = jsonArrayWriter(c.out);
    expect(c.text()).toBe('[');
    w.end();
    expect(JSON.parse(c.text())).toEqual([]);
  });

  it('ndjson: one finding per line, each batch in one write', () => {
    const c = collect();
    const w = ndjsonWriter(c.out);
    w.write('us-east-1', [finding({ id: 'x1' }), finding({ id: 'x2' })]);
    w.write('us-east-1', [finding({ id: 'x3' })]);
    w.end();
    expect(c.chunks).toHaveLength(2);
    expect(c.text().trimEnd().split('\n').map((l) => JSON.parse(l).Id)).toEqual(['x1', 'x2', 'x3']);
  });

  it('table: one table sorted across several regions, with a REGION column', () => {
    const c = collect();
    const w = tableWriter(c.out, { color: plain, sort: 'severity', regions: ['us-east-1', 'eu-west-1'], now: () => NOW });
    expect(w.mergesRegions).toBe(true);
    w.write('eu-west-1', [finding({ id: 'e'.repeat(32), severity: 8 }), finding({ id: 'd'.repeat(32), severity: 2 })]);
    w.write('us-east-1', [finding({ id: 'f'.repeat(32), severity: 5 })]);
    w.write('us-east-1', [finding({ id: 'c'.repeat(32), severity: 8, updated: '2026-11-25T11:30:00.000Z' })]);
    expect(c.text()).toBe('');
    w.end();
    const lines = c.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY +REGION +TYPE +CLUSTER/);
    // Most severe first, then newest, across both regions; each row names its region.
    expect(lines.slice(1).map((l) => [l.split(/ +/)[1], l.slice(-32)[0]])).toEqual([
      ['us-east-1', 'c'],
      ['eu-west-1', 'e'],
      ['us-east-1', 'f'],
      ['eu-west-1', 'd'],
    ]);
  });

  it('table: several regions fit an 80-column terminal too (CLUSTER is left out last), ids and regions whole', () => {
    const rows = [
      finding({ id: 'e'.repeat(32), severity: 8, type: 'AttackSequence:EKS/CompromisedCluster', cluster: 'payments-prod' }),
      finding({ id: 'f'.repeat(32), severity: 5, type: 'CryptoCurrency:Runtime/BitcoinTool.B' }),
    ];
    const lines = renderFindingsTable(rows, plain, { now: NOW, width: 80, regions: ['eu-west-1', 'ap-southeast-2'] }).trimEnd().split('\n');
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^SEVERITY +REGION +TYPE +SEEN +FINDING ID$/);
    expect(lines[1]).toMatch(new RegExp(`^HIGH +eu-west-1 +AttackSeq\\S* +\\S+ +${'e'.repeat(32)}$`));
    expect(lines[2]).toMatch(/ ap-southeast-2 /);
    // At 120 columns nothing is left out.
    expect(renderFindingsTable(rows, plain, { now: NOW, width: 120, regions: ['eu-west-1', 'ap-southeast-2'] })).toMatch(/^SEVERITY +REGION +TYPE +CLUSTER +WORKLOAD\/USER +COUNT +SEEN +FINDING ID/);
  });

  it('table: one region has no REGION column', () => {
    const c = collect();
    const w = tableWriter(c.out, { color: plain, sort: 'severity', regions: ['us-east-1'], now: () => NOW });
    w.write('us-east-1', [finding()]);
    w.end();
    expect(c.text()).not.toContain('REGION');
    expect(c.text()).not.toContain('us-east-1');
  });

  it('table: --sort updated orders across regions by update time first', () => {
    const c = collect();
    const w = tableWriter(c.out, { color: plain, sort: 'updated', regions: ['us-east-1', 'eu-west-1'], now: () => NOW });
    w.write('us-east-1', [finding({ id: 'a'.repeat(32), severity: 9, updated: '2026-11-25T09:00:00.000Z' })]);
    w.write('eu-west-1', [finding({ id: 'b'.repeat(32), severity: 2, updated: '2026-11-25T11:00:00.000Z' })]);
    w.end();
    const ids = c.text().trimEnd().split('\n').slice(1).map((l) => l.slice(-1));
    expect(ids).toEqual(['b', 'a']);
  });
});

describe('finding detail', () => {
  it('shows what happened, where, who, how and when; sanitized', () => {
    const f = finding({ severity: 8, namespace: 'kube-system', workload: 'coredns', user: 'alice\u001b[31m' });
    f.Service = {
      ...f.Service,
      Count: 3,
      Action: {
        KubernetesApiCallAction: {
          Verb: 'create',
          RequestUri: '/api/v1/namespaces/kube-system/pods/coredns/exec',
          StatusCode: 101,
          RemoteIpDetails: {
            IpAddressV4: '198.51.100.23',
            City: { CityName: 'Amsterdam' },
            Country: { CountryName: 'Netherlands' },
            Organization: { Asn: '64496', AsnOrg: 'EXAMPLE-NL', Isp: 'Example Hosting', Org: 'Example Hosting' },
          },
        },
      },
      RuntimeDetails: { Process: { Name: 'xmrig', ExecutablePath: '/tmp/xmrig', Pid: 42 } },
    };
    const text = renderFindingDetail(f, plain, NOW);
    expect(text).toMatch(/^HIGH 8\.0 {2}Execution:Kubernetes\/ExecInKubeSystemPod\n/);
    expect(text).toMatch(/Cluster +prod/);
    expect(text).toMatch(/Namespace +kube-system/);
    expect(text).toMatch(/Workload +pods coredns/);
    expect(text).toMatch(/User +alice\\u001b\[31m/);
    expect(text).toMatch(/API call +create \/api\/v1\/namespaces\/kube-system\/pods\/coredns\/exec → 101/);
    expect(text).toMatch(/Process +xmrig {2}\/tmp\/xmrig {2}pid 42/);
    expect(text).toMatch(/Remote IP +198\.51\.100\.23 {2}Amsterdam, Netherlands {2}AS64496 EXAMPLE-NL {2}ISP Example Hosting\n/);
    expect(text).toMatch(/Last seen +2026-11-25T11:00:00\.000Z \(1h ago\)/);
    expect(text).toMatch(/Count +3/);
    expect(text).toMatch(/Archived +no/);
    expect(text).not.toContain('\u001b');
  });
});
