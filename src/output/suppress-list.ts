import { summaryLine } from '../domain/findings-summary.js';
import type { FilterListView, ListedFilter } from '../domain/suppress-result.js';
import { sanitize } from '../text/sanitize.js';
import type { TableStyle } from './emit.js';
import { renderTable } from './table.js';

/** `suppress list` in a terminal: one row per filter, its criteria in gdeks' words (raw where no flag says it). */
export function renderFilterList({ filters, matches }: FilterListView, { color }: TableStyle): string {
  if (filters.length === 0) return '';
  const regions = new Set(filters.map((f) => f.region)).size > 1;
  const headers = [...(regions ? ['REGION'] : []), 'RANK', 'NAME', 'ACTION', 'CRITERIA', ...(matches ? ['MATCHES NOW'] : []), 'DESCRIPTION'];
  const rows = filters.map((f) => [
    ...(regions ? [f.region] : []),
    f.rank === undefined ? '-' : String(f.rank),
    sanitize(f.name),
    f.action === 'ARCHIVE' ? color.yellow('ARCHIVE') : f.action,
    sanitize(criteriaText(f)),
    ...(matches ? [f.matches ? (f.matches.total === 0 ? '0' : summaryLine(f.matches.bySeverity)) : '-'] : []),
    sanitize(f.description ?? ''),
  ]);
  return renderTable(headers, rows, color);
}

function criteriaText(f: ListedFilter): string {
  const flags: string[] = [];
  for (let i = 0; i < f.words.flags.length; i += 2) flags.push(`${f.words.flags[i]} ${quote(f.words.flags[i + 1] ?? '')}`);
  const all = [...flags, ...f.words.raw.map((r) => `[${r}]`)];
  if (!f.words.eksOnly) all.push('[any resource type]');
  return all.join(' ');
}

function quote(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
