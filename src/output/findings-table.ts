import type { Finding } from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import { severityName, type SeverityName } from '../core/severity.js';
import { sanitize } from './sanitize.js';

export interface FindingCells {
  severity: SeverityName;
  type: string;
  cluster: string;
  who: string;
  count: string;
  lastSeen: string;
  id: string;
}

const HEADERS = { severity: 'SEVERITY', type: 'TYPE', cluster: 'CLUSTER', who: 'WORKLOAD/USER', count: 'COUNT', lastSeen: 'SEEN', id: 'FINDING ID' };
const COLUMNS = ['severity', 'type', 'cluster', 'who', 'count', 'lastSeen', 'id'] as const;
type Column = (typeof COLUMNS)[number];
/**
 * How columns give up width when the table is too wide, in stages, each column down to the width given:
 * subject and cluster first, the type (what happened: the column a reader needs most) last.
 */
const SHRINK_STAGES: ReadonlyArray<readonly [Column, number]> = [
  ['who', 16],
  ['cluster', 12],
  ['who', 12],
  ['cluster', 10],
  ['type', 34],
  ['who', 10],
  ['cluster', 8],
  ['type', 20],
];
const GAP = '  ';

/** `45s`, `12m`, `3h`, `21d` (kubectl's AGE style): short enough for a column, exact enough to triage. */
export function age(ms: number, now: number): string {
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/**
 * Who or what the finding is about, in one cell: `namespace/workload` when a workload is involved, else the
 * Kubernetes user (audit-log findings about API calls), else the namespace alone.
 */
export function subjectOf(f: Finding): string {
  const k8s = f.Resource?.KubernetesDetails;
  const w = k8s?.KubernetesWorkloadDetails;
  if (w?.Name) return `${w.Namespace ?? '-'}/${w.Name}`;
  const user = k8s?.KubernetesUserDetails?.Username;
  if (user) return user;
  return w?.Namespace ?? f.Service?.Action?.KubernetesApiCallAction?.Namespace ?? '-';
}

/** The plain (uncoloured, sanitized, untruncated) cells of one finding's row. */
export function findingCells(f: Finding, now: number): FindingCells {
  const lastSeen = Date.parse(f.Service?.EventLastSeen ?? f.UpdatedAt ?? '');
  return {
    severity: severityName(f.Severity ?? 0),
    type: sanitize(f.Type ?? '-'),
    cluster: sanitize(f.Resource?.EksClusterDetails?.Name ?? '-'),
    who: sanitize(subjectOf(f)),
    count: String(f.Service?.Count ?? 1),
    lastSeen: Number.isNaN(lastSeen) ? '-' : age(lastSeen, now),
    id: sanitize(f.Id ?? '-'),
  };
}

const chars = (s: string): string[] => Array.from(s);

export function truncateEnd(s: string, width: number): string {
  const c = chars(s);
  return c.length <= width ? s : `${c.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Types are most specific at the end (`…/AnomalousBehavior.RoleBindingCreated`): keep the threat purpose
 * (`PrivilegeEscalation:`) and as much of the tail as fits, dropping the middle.
 */
export function truncateType(s: string, width: number): string {
  const c = chars(s);
  if (c.length <= width) return s;
  const purpose = s.slice(0, s.indexOf(':') + 1);
  const slash = s.indexOf('/');
  const name = chars(s.slice(slash + 1));
  // Cut the resource segment (`Kubernetes`, `Runtime`) first: `Execution:Kuber…/ExecInKubeSystemPod`.
  const keep = width - 2 - name.length;
  if (purpose && slash > 0 && keep >= chars(purpose).length) return `${c.slice(0, keep).join('')}…/${name.join('')}`;
  const head = purpose.length > 0 && purpose.length <= width / 2 ? purpose : c.slice(0, Math.ceil((width - 1) / 2)).join('');
  const tail = c.slice(c.length - (width - 1 - chars(head).length)).join('');
  return `${head}…${tail}`;
}

/** Severity labels coloured by band, so the eye finds the critical ones first. */
export function severityLabel(severity: SeverityName, color: ChalkInstance, width = 0): string {
  const text = severity.toUpperCase().padEnd(width);
  switch (severity) {
    case 'critical':
      return color.bold.red(text);
    case 'high':
      return color.red(text);
    case 'medium':
      return color.yellow(text);
    case 'low':
      return color.blue(text);
  }
}

/** Columns left out, in this order, when even the shrunk table is wider than the terminal (an 80-column one). */
const DROP_ORDER: readonly Column[] = ['count', 'who'];

/** Which columns to show and how wide each is, so that the table fits `maxWidth` if it can. */
function layout(rows: readonly FindingCells[], maxWidth: number): { columns: Column[]; widths: Record<Column, number> } {
  const natural = {} as Record<Column, number>;
  for (const col of COLUMNS) natural[col] = Math.max(HEADERS[col].length, ...rows.map((r) => chars(r[col]).length));
  let columns: Column[] = [...COLUMNS];
  for (let dropped = 0; ; dropped++) {
    const widths = { ...natural };
    const total = () => columns.reduce((n, c) => n + widths[c], 0) + GAP.length * (columns.length - 1);
    for (const [col, floor] of SHRINK_STAGES) {
      const excess = total() - maxWidth;
      if (excess <= 0 || !columns.includes(col)) continue;
      // Never narrower than the header: a cut header would shift every column after it.
      widths[col] = Math.max(HEADERS[col].length, Math.min(widths[col], floor), widths[col] - excess);
    }
    const next = DROP_ORDER[dropped];
    if (total() <= maxWidth || next === undefined) return { columns, widths };
    columns = columns.filter((c) => c !== next);
  }
}

/**
 * A borderless findings table at most `width` columns wide (120 by default): fixed columns (severity, last seen
 * and the finding id, which `findings show` needs whole) keep their size; subject, cluster and type shrink (see
 * SHRINK_STAGES), with an ellipsis where text is cut; below about 100 columns COUNT, then WORKLOAD/USER, are left
 * out (DROP_ORDER).
 */
export function renderFindingsTable(findings: readonly Finding[], color: ChalkInstance, options: { now: number; width?: number | undefined }): string {
  const rows = findings.map((f) => findingCells(f, options.now));
  const { columns, widths } = layout(rows, options.width ?? 120);
  const fit = (col: Column, text: string) => (col === 'type' ? truncateType(text, widths[col]) : truncateEnd(text, widths[col]));
  const pad = (text: string, col: Column) => text + ' '.repeat(Math.max(0, widths[col] - chars(text).length));
  const line = (cells: string[]) => cells.join(GAP).trimEnd();
  const last = columns[columns.length - 1];
  const out = [line(columns.map((c) => color.bold(c === last ? HEADERS[c] : pad(HEADERS[c], c))))];
  for (const r of rows) {
    out.push(
      line(
        columns.map((c) => {
          if (c === 'severity') return severityLabel(r.severity, color, widths.severity);
          if (c === 'count') return r.count.padStart(widths.count);
          return c === last ? r[c] : pad(fit(c, r[c]), c);
        }),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
