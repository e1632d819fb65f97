import type { ChalkInstance } from 'chalk';
import { shortFrequency } from '../domain/frequency.js';
import type { ClusterStatus, EksAddon, RegionStatus, Verdict } from '../domain/status-model.js';
import { someNames } from '../domain/status-model.js';
import { sanitize } from '../text/sanitize.js';
import { columnsThatFit, fitLines, visibleWidth, Whole } from './fit-width.js';
import { renderTable } from './table.js';

/** The verdicts as the JSON spells them: one set of words in the table, the help and `-o json`. */
const LABEL: Record<Verdict, string> = {
  protected: 'protected',
  degraded: 'degraded',
  'not-protected': 'not-protected',
  excluded: 'excluded',
  'not-applicable': 'not-applicable',
  unknown: 'unknown',
};

export function colorVerdict(color: ChalkInstance, v: Verdict): string {
  const label = LABEL[v];
  switch (v) {
    case 'protected':
      return color.green(label);
    case 'degraded':
      return color.yellow(label);
    case 'not-protected':
      return color.red.bold(label);
    case 'unknown':
      return color.magenta(label);
    default:
      return color.cyan(label);
  }
}

const statusText = (s: string | null) => (s === null ? 'not reported' : sanitize(s));

/** A feature status, coloured; `width` pads it (outside the colour codes) so a following column lines up. */
const status = (color: ChalkInstance, s: string | null, width = 0) => {
  const text = statusText(s);
  const painted = s === null ? color.dim(text) : s === 'ENABLED' ? color.green(text) : s === 'DISABLED' ? color.yellow(text) : text;
  return painted + ' '.repeat(Math.max(0, width - text.length));
};

function eksAddonCell(a: EksAddon): string {
  if (a.state === 'absent') return 'not installed';
  if (a.state === 'unknown') return 'unknown';
  return sanitize([a.status ?? '?', a.version ?? ''].join(' ').trim());
}

const dash = (v: string | number | null) => (v === null ? '-' : sanitize(String(v)));

/** Cluster table columns left out, in this order, when the table is wider than the terminal. */
const DROP_ORDER = ['MANAGEMENT', 'AGENT (GuardDuty)', 'ADD-ON (EKS)', 'NODES', 'COVERAGE'];

interface StatusTextOptions {
  cluster?: string | undefined;
  /** The terminal's width (or COLUMNS): columns are dropped and reasons wrapped to fit; commands stay whole. */
  width?: number | undefined;
}

/** The readable report: per region the detector and its EKS features, a table of clusters, then why and how to fix. */
export function renderStatusText(reports: readonly RegionStatus[], color: ChalkInstance, options: StatusTextOptions = {}): string {
  return reports.map((r) => renderRegion(r, color, options)).join('\n');
}

function renderRegion(r: RegionStatus, color: ChalkInstance, options: StatusTextOptions): string {
  const lines = renderRegionLines(r, color, options);
  return `${fitLines(lines, options.width).join('\n')}\n`;
}

function renderRegionLines(r: RegionStatus, color: ChalkInstance, options: StatusTextOptions): Array<string | Whole> {
  const lines: Array<string | Whole> = [];
  const head = color.bold(r.region);
  // Clusters EKS could still list are shown below, under "GuardDuty could not be read".
  if (r.error && r.clusters.length === 0) {
    lines.push(`${head}  ${color.red(`✗ could not be read: ${sanitize(r.error.message)}`)}`);
    for (const p of r.problems) lines.push(`  ${color.red('✗')} not readable: ${p.action} (${p.code})`);
    return lines;
  }
  const d = r.detector;
  const gdUnreadable = r.summary.auditLogs === null;
  if (d) {
    lines.push(`${head}  detector ${sanitize(d.id)}  ${status(color, d.status)}  publishing frequency ${shortFrequency(d.findingPublishingFrequency ?? undefined)}`);
    const width = Math.max(...d.features.map((f) => f.name.length));
    const withAddon = d.features.filter((f) => f.eksAddonManagement !== null);
    const statusWidth = Math.max(0, ...withAddon.map((f) => statusText(f.status).length));
    for (const f of d.features) {
      const addon = f.eksAddonManagement === null ? '' : `  EKS_ADDON_MANAGEMENT ${status(color, f.eksAddonManagement)}`;
      lines.push(`  ${f.name.padEnd(width)}  ${status(color, f.status, addon ? statusWidth : 0)}${addon}`);
    }
  } else if (gdUnreadable) {
    lines.push(`${head}  ${color.magenta('GuardDuty could not be read')}`);
  } else {
    lines.push(`${head}  ${color.red('no detector: GuardDuty is off in this region')}`);
  }
  for (const p of r.problems) lines.push(`  ${color.red('✗')} not readable: ${p.action}${p.clusters ? ` (${p.clusters} cluster${p.clusters === 1 ? '' : 's'})` : ''}: ${p.code}`);
  lines.push('');

  if (r.clusters.length === 0) {
    lines.push(options.cluster ? color.dim(`  no EKS cluster named ${sanitize(options.cluster)}`) : color.dim('  no EKS clusters'));
    return lines;
  }
  const rows = r.clusters.map((c) => [
    sanitize(c.name),
    colorVerdict(color, c.verdict),
    dash(c.coverageStatus),
    c.coveredNodes === null && c.compatibleNodes === null ? '-' : `${dash(c.coveredNodes)}/${dash(c.compatibleNodes)}`,
    // Status first, as in ADD-ON (EKS): the column scans by health.
    [c.addonStatus, c.addonVersion].filter((x) => x !== null).map((x) => sanitize(String(x))).join(' ') || '-',
    dash(c.managementType),
    eksAddonCell(c.eksAddon),
  ]);
  const headers = ['CLUSTER', 'VERDICT', 'COVERAGE', 'NODES', 'AGENT (GuardDuty)', 'MANAGEMENT', 'ADD-ON (EKS)'];
  const keep = columnsThatFit(headers, rows, options.width, 2, DROP_ORDER);
  const table = renderTable(keep.map((i) => headers[i] as string), rows.map((row) => keep.map((i) => row[i] as string)), color);
  lines.push(...table.trimEnd().split('\n').map((l) => `  ${l}`));

  const unknownAddon = [...new Set(r.clusters.flatMap((c) => (c.eksAddon.state === 'unknown' ? [c.eksAddon.reason] : [])))];
  for (const why of unknownAddon) lines.push(color.dim(`  add-on status unknown (${sanitize(why)})`));

  const explained = r.clusters.filter((c) => c.verdict !== 'protected');
  if (explained.length > 0) {
    lines.push('');
    const width = Math.max(...explained.map((c) => c.name.length));
    // A region-wide fix (turning a feature on) is the same command for every cluster: print it once, after them.
    const shared = new Map<string, string[]>();
    for (const c of explained) if (c.fix) shared.set(c.fix, [...(shared.get(c.fix) ?? []), c.name]);
    for (const [fix, names] of shared) if (names.length < 2) shared.delete(fix);
    for (const c of explained) lines.push(...explain(c, width, color, c.fix !== null && shared.has(c.fix), options.width));
    for (const [fix, names] of shared) {
      lines.push('', `  ${color.dim(`fix for ${names.length} clusters (${someNames(names.map(sanitize))}):`)}`, ...fixLines(fix, 4));
    }
  }
  lines.push('', `  ${summaryLine(r, color)}`);
  return lines;
}

/** Where "what to check: the command that shows it" turns from prose into the command. */
const COMMAND_AFTER = /: (?=(?:kubectl|aws|gdeks|echo) )/;

/**
 * A fix on a narrow terminal: each of its `; `-separated parts on lines of its own; "what to check: command"
 * becomes the prose (wrapped like any text) and, below it, the command whole on its own line, ready to copy.
 */
function fixLines(fix: string, indent: number): Array<string | Whole> {
  const pad = ' '.repeat(indent);
  return sanitize(fix)
    .split('; ')
    .flatMap((part) => {
      const at = part.search(COMMAND_AFTER);
      if (at < 0) return [new Whole(`${pad}${part}`)];
      return [`${pad}${part.slice(0, at + 1)}`, new Whole(`${pad}  ${part.slice(at + 2)}`)];
    });
}

function explain(c: ClusterStatus, width: number, color: ChalkInstance, fixShown: boolean, columns: number | undefined): Array<string | Whole> {
  // On a narrow terminal a long name no longer sets the reasons' indent.
  const pad = columns !== undefined && width + 4 > columns / 3 ? 0 : width;
  const head = `  ${sanitize(c.name).padEnd(pad)}  ${colorVerdict(color, c.verdict)}: ${sanitize(c.reason)}`;
  const out: Array<string | Whole> = [head];
  if (c.fix && !fixShown) {
    const line = `  ${' '.repeat(pad)}  ${color.dim('fix:')} ${sanitize(c.fix)}`;
    if (columns === undefined || visibleWidth(line) <= columns) out.push(line);
    else out.push(`  ${' '.repeat(Math.min(pad, 8))}  ${color.dim('fix:')}`, ...fixLines(c.fix, Math.min(pad, 8) + 6));
  }
  return out;
}

function summaryLine(r: RegionStatus, color: ChalkInstance): string {
  const s = r.summary;
  const parts: string[] = [];
  const add = (n: number, v: Verdict) => n > 0 && parts.push(`${n} ${colorVerdict(color, v)}`);
  add(s.protected, 'protected');
  add(s.degraded, 'degraded');
  add(s.notProtected, 'not-protected');
  add(s.excluded, 'excluded');
  add(s.notApplicable, 'not-applicable');
  add(s.unknown, 'unknown');
  return `${s.clusters} cluster${s.clusters === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
