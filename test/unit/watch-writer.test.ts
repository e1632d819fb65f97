import type { Finding } from '@aws-sdk/client-guardduty';
import { Chalk, type ChalkInstance } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { WatchedFinding } from '../../src/domain/watch-ledger.js';
import { watchWriter } from '../../src/output/findings-watch.js';

const plain = new Chalk({ level: 0 });
const ID = '0123456789abcdef0123456789abcdef';

function finding(over: Partial<Finding> = {}, count = 1): Finding {
  return {
    Id: ID,
    Type: 'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer',
    Severity: 8,
    CreatedAt: '2026-11-25T12:00:00.000Z',
    UpdatedAt: '2026-11-25T12:03:04.567Z',
    Resource: { EksClusterDetails: { Name: 'prod-eu' }, KubernetesDetails: { KubernetesWorkloadDetails: { Namespace: 'payments', Name: 'payments-api' } } },
    Service: { Count: count },
    ...over,
  } as Finding;
}

const item = (state: 'new' | 'updated', f = finding(), region = 'us-east-1'): WatchedFinding => ({ region, state, finding: f });

function collect(format: 'table' | 'json' | 'ndjson', options: { regions?: string[]; width?: number; color?: ChalkInstance } = {}) {
  let text = '';
  const writer = watchWriter(format, (t) => (text += t), { color: options.color ?? plain, regions: options.regions ?? ['us-east-1'], ...(options.width ? { width: options.width } : {}) });
  return { writer, text: () => text };
}

describe('findings watch table', () => {
  it('the header at once, then one row per state, nothing cut in a pipe (no width)', () => {
    const { writer, text } = collect('table');
    expect(text()).toMatch(/^STATE\s+SEVERITY\s+TYPE\s+CLUSTER\s+WORKLOAD\/USER\s+COUNT\s+UPDATED\s+FINDING ID\n$/);
    writer.write([item('new')]);
    writer.write([item('updated', finding({ UpdatedAt: '2026-11-25T12:09:00.000Z' }, 2))]);
    writer.end();
    const rows = text().split('\n').slice(1, -1);
    expect(rows).toEqual([
      expect.stringMatching(/^new {6}HIGH {6}PrivilegeEscalation:Kubernetes\/AnomalousBehavior\.WorkloadDeployed!PrivilegedContainer {2}prod-eu {11}payments\/payments-api {9}1 {2}2026-11-25T12:03:04Z {2}0123456789abcdef0123456789abcdef$/),
      expect.stringMatching(/^updated {2}HIGH .* 2 {2}2026-11-25T12:09:00Z {2}0123456789abcdef0123456789abcdef$/),
    ]);
    expect(text().match(/STATE/g)).toHaveLength(1);
  });

  it('several regions: a REGION column', () => {
    const { writer, text } = collect('table', { regions: ['us-east-1', 'ap-southeast-2'] });
    writer.write([item('new', finding(), 'ap-southeast-2')]);
    const [header, row] = text().split('\n');
    expect(header).toMatch(/^STATE {4}REGION {10}SEVERITY/);
    expect(row).toMatch(/^new {6}ap-southeast-2 {2}HIGH /);
  });

  it.each([
    [160, 2],
    [120, 2],
    [100, 2],
    [80, 1],
    [80, 2],
  ])('fits a %i-column terminal (%i regions); the finding id stays whole', (width, regions) => {
    const { writer, text } = collect('table', { width, regions: ['us-east-1', 'eu-west-1'].slice(0, regions) });
    writer.write([item('new'), item('updated', finding({ Type: 'Execution:Runtime/ReverseShell' }, 3))]);
    for (const line of text().trimEnd().split('\n')) {
      expect(Array.from(line).length).toBeLessThanOrEqual(width);
      if (!line.startsWith('STATE')) expect(line.endsWith(ID)).toBe(true);
    }
  });

  it('a narrow terminal shows the time of day alone under UPDATED', () => {
    const { writer, text } = collect('table', { width: 120 });
    writer.write([item('new')]);
    expect(text()).toMatch(/ 12:03:04Z {2}0123/);
    expect(text()).not.toMatch(/2026-11-25T/);
  });

  it('colour only when the stream has it; sample and archived findings are marked', () => {
    const { writer, text } = collect('table', { color: new Chalk({ level: 1 }) });
    writer.write([item('new', finding({ Service: { Count: 1, Archived: true, AdditionalInfo: { Value: '{"sample":true}', Type: 'default' } } }))]);
    expect(text()).toMatch(/\x1b\[/);
    expect(text().replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/\[archived\] \[sample\] PrivilegeEscalation/);
    const p = collect('table');
    p.writer.write([item('new')]);
    expect(p.text()).not.toMatch(/\x1b/);
  });
});

describe('findings watch JSON and NDJSON', () => {
  it('-o json: one array, streamed, closed once; nothing after it is closed', () => {
    const { writer, text } = collect('json');
    expect(text()).toBe('[');
    writer.write([item('new')]);
    writer.write([item('updated', finding({}, 2))]);
    writer.end();
    writer.end();
    writer.write([item('new')]);
    const parsed = JSON.parse(text()) as Finding[];
    expect(parsed.map((f) => f.Service?.Count)).toEqual([1, 2]);
  });

  it('-o json with nothing printed: []', () => {
    const { writer, text } = collect('json');
    writer.end();
    expect(JSON.parse(text())).toEqual([]);
  });

  it('-o ndjson: one line per state, the finding as findings list prints it', () => {
    const { writer, text } = collect('ndjson');
    writer.write([item('new'), item('updated', finding({}, 2))]);
    const lines = text().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ Id: ID, Service: { Count: 2 } });
  });
});
