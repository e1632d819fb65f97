import type { Finding } from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import { isSampleFinding } from '../domain/findings-sample.js';
import { PURPOSE_ABBREVIATIONS } from '../domain/findings-types.js';
import { scoreOf, severityName, type SeverityName } from '../domain/severity.js';
import { sanitizeDeep } from '../text/sanitize.js';

export interface FindingCells {
  severity: SeverityName;
  /** The region the finding was listed in: shown (REGION column) when a table holds several regions. */
  region: string;
  type: string;
  cluster: string;
  who: string;
  count: string;
  lastSeen: string;
  id: string;
  /** Made by CreateSampleFindings: marked in the TYPE column, so a test is never taken for an attack. */
  sample: boolean;
  /** Archived (listed only with --archived): marked in the TYPE column, so it is not taken for an open finding. */
  archived: boolean;
}

const HEADERS = { severity: 'SEVERITY', region: 'REGION', type: 'TYPE', cluster: 'CLUSTER', who: 'WORKLOAD/USER', count: 'COUNT', lastSeen: 'SEEN', id: 'FINDING ID' };
const COLUMNS = ['severity', 'type', 'cluster', 'who', 'count', 'lastSeen', 'id'] as const;
/** With several regions: REGION after SEVERITY, whole (region names are short, and the region says where to look). */
const REGION_COLUMNS = ['severity', 'region', 'type', 'cluster', 'who', 'count', 'lastSeen', 'id'] as const;
type Column = (typeof REGION_COLUMNS)[number];
/**
 * How columns give up width when the table is too wide, in stages, each column down to the width given.
 * Subject and cluster give up their long tails first. The type (what happened) matters most, but
 * truncateType keeps it recognisable in 30 characters, while a subject cut below about 20 (`default/busy…`)
 * no longer names a workload: so at 120 columns the type goes down to 30 before the subject goes below 20.
 */
const SHRINK_STAGES: ReadonlyArray<readonly [Column, number]> = [
  ['who', 24],
  ['cluster', 16],
  ['type', 40],
  ['who', 20],
  ['cluster', 10],
  ['type', 30],
  ['who', 16],
  ['cluster', 8],
  ['type', 24],
  ['who', 12],
  ['type', 20],
];
/** With a REGION column, at 80 columns once CLUSTER is left out (REGION_DROP_ORDER), the type gives what the region needs. */
const REGION_SHRINK_STAGES: ReadonlyArray<readonly [Column, number]> = [...SHRINK_STAGES, ['type', 14]];
/** Before a sample finding's type (dim). */
const SAMPLE_MARK = '[sample]';
/** Before an archived finding's type (dim), ahead of any sample mark. */
const ARCHIVED_MARK = '[archived]';
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

/**
 * The plain (uncoloured, sanitized, untruncated) cells of one finding's row. Every cell is sanitized here, at once:
 * `findings list` streams its table outside the emitter (src/output/emit.ts), and this is where its rows begin.
 */
export function findingCells(f: Finding, now: number, region = ''): FindingCells {
  const lastSeen = Date.parse(f.Service?.EventLastSeen ?? f.UpdatedAt ?? '');
  return sanitizeDeep({
    severity: severityName(scoreOf(f.Severity)),
    region,
    type: f.Type ?? '-',
    cluster: f.Resource?.EksClusterDetails?.Name ?? '-',
    who: subjectOf(f),
    count: String(f.Service?.Count ?? 1),
    lastSeen: Number.isNaN(lastSeen) ? '-' : age(lastSeen, now),
    id: f.Id ?? '-',
    sample: isSampleFinding(f),
    archived: f.Service?.Archived === true,
  });
}

const chars = (s: string): string[] => Array.from(s);

export function truncateEnd(s: string, width: number): string {
  const c = chars(s);
  return c.length <= width ? s : `${c.slice(0, Math.max(0, width - 1)).join('')}…`;
}

// A lower-case letter or digit followed by a capital: where a CamelCase word starts (`Role|Binding|Created`).
const WORD_START = /[a-z0-9][A-Z]/;

/** Whether a word starts at `i`: after a lower-case letter (`Role|Binding`) or at the end of a capitalised run (`IP|Caller`). */
function wordStartsAt(c: readonly string[], i: number): boolean {
  const pair = (c[i - 1] ?? '') + (c[i] ?? '');
  return WORD_START.test(pair) || (/^[A-Z]{2}$/.test(pair) && /[a-z]/.test(c[i + 1] ?? ''));
}

/**
 * The purpose, long form first: `PrivilegeEscalation`, `PrivEsc`. One short form per purpose, the one
 * `--type` accepts (PURPOSE_ABBREVIATIONS).
 */
function purposeForms(purpose: string): string[] {
  return [...new Set([purpose, PURPOSE_ABBREVIATIONS[purpose] ?? purpose])];
}

/**
 * The name (after `/`) and its more specific tails, longest first. A name reads
 * `Family.Mechanism!Artifact` (`AnomalousBehavior.WorkloadDeployed!PrivilegedContainer`); a tail may start
 * only at a segment of several words, so a short qualifier (`.Custom`, `.Reputation`, `!DNS`) never stands
 * alone without the family it qualifies.
 */
function nameTails(name: string): string[] {
  const tails = [name];
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== '.' && name[i] !== '!') continue;
    const tail = name.slice(i + 1);
    if (WORD_START.test(tail.split(/[.!]/)[0] ?? '')) tails.push(tail);
  }
  return tails;
}

/** The longest start of `text` that ends at a word or segment boundary and, with a trailing `…`, fits `width`. */
function wordPrefix(text: string, width: number): string | undefined {
  const c = chars(text);
  // At least three characters: a lone `C…` says nothing.
  for (let i = Math.min(c.length - 1, width - 1); i >= 3; i--) {
    if (c[i] === '.' || c[i] === '!' || wordStartsAt(c, i)) return `${c.slice(0, i).join('')}…`;
  }
  return undefined;
}

/**
 * A finding type in at most `width` characters, cut at segment and word boundaries wherever it can be.
 * `Purpose:Resource/Name` gives up, in turn: the resource (`PrivilegeEscalation:…/PrivilegedContainer`), the
 * purpose's long form (`PrivEsc:…/…`), the general start of the name (`PrivEsc:…RoleBindingCreated`, no `/`
 * once the name is not whole), then the name's last words (`Impact:…/SuspiciousDomainRequest…`). Only a
 * width too small for all of these cuts inside a word.
 */
export function truncateType(s: string, width: number): string {
  const c = chars(s);
  if (c.length <= width) return s;
  const fits = (t: string) => chars(t).length <= width;
  const m = /^([^:/]+):[^/]+\/(.+)$/.exec(s);
  if (m) {
    const [, purpose = '', name = ''] = m;
    const purposes = purposeForms(purpose);
    const tails = nameTails(name);
    const head = (p: string, tail: string) => (tail === name ? `${p}:…/` : `${p}:…`);
    for (const tail of tails) for (const p of purposes) if (fits(head(p, tail) + tail)) return head(p, tail) + tail;
    const tail = tails[tails.length - 1] ?? name;
    // The name cut after a word: the purpose form that leaves the most of it (the longer purpose on a tie).
    let best: string | undefined;
    let kept = 0;
    for (const p of purposes) {
      const cut = wordPrefix(tail, width - chars(head(p, tail)).length);
      if (cut !== undefined && chars(cut).length > kept) [best, kept] = [head(p, tail) + cut, chars(cut).length];
    }
    if (best !== undefined) return best;
    // Not even one word fits: the shortest purpose and the name's first letters, or the purpose alone.
    const shortest = head(purposes[purposes.length - 1] ?? purpose, tail);
    const room = width - chars(shortest).length - 1;
    if (room >= 3) return `${shortest}${chars(tail).slice(0, room).join('')}…`;
    for (const p of purposes) if (fits(`${p}:…`)) return `${p}:…`;
  }
  const colon = s.indexOf(':');
  const purpose = colon > 0 ? s.slice(0, colon + 1) : '';
  const start = purpose.length > 0 && purpose.length <= width / 2 ? purpose : c.slice(0, Math.ceil((width - 1) / 2)).join('');
  return `${start}…${c.slice(c.length - Math.max(0, width - 1 - chars(start).length)).join('')}`;
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
/** A REGION column takes 11 more: CLUSTER goes last (the finding id, which `findings show` takes, names it). */
const REGION_DROP_ORDER: readonly Column[] = [...DROP_ORDER, 'cluster'];

/** The marks before a type, each followed by a space: `[archived] `, `[sample] `, both or none. */
function marks(r: FindingCells): string {
  return (r.archived ? `${ARCHIVED_MARK} ` : '') + (r.sample ? `${SAMPLE_MARK} ` : '');
}

/** A type cell: the marks, then as much of the type as the column leaves room for. */
function typeCell(r: FindingCells, width: number): string {
  const m = marks(r);
  return m + truncateType(r.type, Math.max(1, width - m.length));
}

/** A cell's text, whole (what the column would need to show it uncut). */
const plainCell = (r: FindingCells, col: Column): string => (col === 'type' ? marks(r) + r.type : r[col]);

/**
 * truncateType cuts at boundaries, so a shrunk type column is often wider than its longest cut type; the
 * characters left over go to the subject, then the cluster, as far as they need them.
 */
function giveBackTypeSlack(rows: readonly FindingCells[], columns: readonly Column[], widths: Record<Column, number>): Record<Column, number> {
  const used = Math.max(HEADERS.type.length, ...rows.map((r) => chars(typeCell(r, widths.type)).length));
  let slack = widths.type - used;
  if (slack <= 0) return widths;
  const out = { ...widths, type: used };
  for (const col of ['who', 'cluster'] as const) {
    if (!columns.includes(col)) continue;
    const need = Math.max(HEADERS[col].length, ...rows.map((r) => chars(r[col]).length));
    const give = Math.max(0, Math.min(slack, need - out[col]));
    out[col] += give;
    slack -= give;
  }
  return out;
}

/** Which columns to show and how wide each is, so that the table fits `maxWidth` if it can. */
function layout(rows: readonly FindingCells[], maxWidth: number, all: readonly Column[]): { columns: Column[]; widths: Record<Column, number> } {
  const natural = {} as Record<Column, number>;
  for (const col of all) natural[col] = Math.max(HEADERS[col].length, ...rows.map((r) => chars(plainCell(r, col)).length));
  let columns: Column[] = [...all];
  const withRegion = all.includes('region');
  const stages = withRegion ? REGION_SHRINK_STAGES : SHRINK_STAGES;
  const dropOrder = withRegion ? REGION_DROP_ORDER : DROP_ORDER;
  for (let dropped = 0; ; dropped++) {
    const widths = { ...natural };
    const total = () => columns.reduce((n, c) => n + widths[c], 0) + GAP.length * (columns.length - 1);
    for (const [col, floor] of stages) {
      const excess = total() - maxWidth;
      if (excess <= 0 || !columns.includes(col)) continue;
      // Never narrower than the header: a cut header would shift every column after it.
      widths[col] = Math.max(HEADERS[col].length, Math.min(widths[col], floor), widths[col] - excess);
    }
    const next = dropOrder[dropped];
    if (total() <= maxWidth || next === undefined) return { columns, widths: giveBackTypeSlack(rows, columns, widths) };
    columns = columns.filter((c) => c !== next);
  }
}

/**
 * A borderless findings table at most `width` columns wide (120 by default): fixed columns (severity, last seen
 * and the finding id, which `findings show` needs whole) keep their size; subject, cluster and type shrink (see
 * SHRINK_STAGES), with an ellipsis where text is cut; below about 100 columns COUNT, then WORKLOAD/USER, are left
 * out (DROP_ORDER). `regions` (one per finding) adds a REGION column: one table for several regions.
 */
export function renderFindingsTable(
  findings: readonly Finding[],
  color: ChalkInstance,
  options: { now: number; width?: number | undefined; regions?: readonly string[] },
): string {
  const rows = findings.map((f, i) => findingCells(f, options.now, options.regions?.[i]));
  const { columns, widths } = layout(rows, options.width ?? 120, options.regions ? REGION_COLUMNS : COLUMNS);
  const fit = (col: Column, r: FindingCells) => (col === 'type' ? typeCell(r, widths.type) : truncateEnd(r[col], widths[col]));
  // The marks are dimmed after padding, so that escape codes never count toward a column's width.
  const dimMark = (r: FindingCells, text: string) => {
    const m = marks(r).trimEnd();
    return m ? color.dim(m) + text.slice(m.length) : text;
  };
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
          if (c === 'type') return dimMark(r, pad(fit(c, r), c));
          return c === last ? r[c] : pad(fit(c, r), c);
        }),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
