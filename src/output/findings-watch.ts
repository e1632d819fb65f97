import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from '../domain/globals.js';
import type { WatchedFinding } from '../domain/watch-ledger.js';
import { jsonArrayWriter, ndjsonWriter, type FindingsWriter } from './findings-stream.js';
import { findingCells, severityLabel, truncateEnd, truncateType } from './findings-table.js';

/** Where `findings watch` sends finding states as they arrive. */
export interface WatchWriter {
  /** One batch, written in one piece (regions polled in parallel never interleave inside a row or finding). */
  write(items: readonly WatchedFinding[]): void;
  /** Completes the output (the JSON array's `]`); only the first call writes, and nothing is written after it. */
  end(): void;
}

export interface WatchTableOptions {
  color: ChalkInstance;
  /** The regions watched: with more than one, a REGION column. */
  regions: readonly string[];
  /** The terminal's width, if known: columns shrink to fit it; without it (a pipe) no cell is cut. */
  width?: number;
}

const HEADERS = {
  state: 'STATE',
  region: 'REGION',
  severity: 'SEVERITY',
  type: 'TYPE',
  cluster: 'CLUSTER',
  who: 'WORKLOAD/USER',
  count: 'COUNT',
  updated: 'UPDATED',
  id: 'FINDING ID',
} as const;
type Column = keyof typeof HEADERS;
const GAP = '  ';
/** Rows are printed one batch at a time, so widths are fixed up front rather than measured. */
const WIDTHS: Record<Column, number> = { state: 7, region: 6, severity: 8, type: 44, cluster: 16, who: 24, count: 5, updated: 20, id: 32 };
/**
 * How the columns that can give up width do so to fit a terminal, in stages, each down to the width given; UPDATED
 * at 9 is the time of day alone (`12:03:04Z`), which is what a watch that has just seen the finding needs.
 */
const SHRINK: ReadonlyArray<readonly [Column, number]> = [
  ['type', 36],
  ['who', 20],
  ['cluster', 12],
  ['updated', 9],
  ['type', 28],
  ['who', 16],
  ['cluster', 10],
  ['type', 22],
  ['who', 12],
  ['cluster', 8],
];
/**
 * Columns left out, in this order, when even the shrunk table is wider than the terminal (then TYPE gives up more);
 * UPDATED goes last, when a REGION column needs its room at 80 columns (the row is printed as it is seen anyway).
 */
const DROP: readonly Column[] = ['who', 'count', 'cluster', 'updated'];
/** The narrowest TYPE column: `PrivEsc:…` and a little more. */
const MIN_TYPE = 12;

const chars = (s: string) => Array.from(s).length;

/** `2026-06-01T12:03:04Z` (or `12:03:04Z` in a narrow column): when the finding was last updated (no age: rows stay). */
function updatedCell(iso: string | undefined, width: number): string {
  const ms = Date.parse(iso ?? '');
  if (Number.isNaN(ms)) return '-';
  const full = new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  return width < full.length ? full.slice(11) : full;
}

function layout(all: readonly Column[], regions: readonly string[], width: number | undefined): { columns: Column[]; widths: Record<Column, number> } {
  const widths = { ...WIDTHS, region: Math.max(HEADERS.region.length, ...regions.map((r) => r.length)) };
  let columns = [...all];
  if (width === undefined) return { columns, widths };
  const total = () => columns.reduce((n, c) => n + widths[c], 0) + GAP.length * (columns.length - 1);
  for (const [col, floor] of SHRINK) {
    const excess = total() - width;
    if (excess <= 0) break;
    widths[col] = Math.max(floor, widths[col] - excess);
  }
  for (const col of DROP) {
    if (total() <= width) break;
    columns = columns.filter((c) => c !== col);
    // TYPE takes what the dropped column leaves, up to its full width, or gives up what is still too much.
    widths.type = Math.min(WIDTHS.type, Math.max(MIN_TYPE, widths.type + width - total()));
  }
  return { columns, widths };
}

/**
 * `-o table`: the header once, then one row per finding state as it arrives (the table of `findings list` needs
 * every row before it prints; a watch cannot wait). Colour only where io.color has it (a terminal).
 */
export function watchTableWriter(out: (text: string) => void, options: WatchTableOptions): WatchWriter {
  const all: Column[] = ['state', ...(options.regions.length > 1 ? (['region'] as const) : []), 'severity', 'type', 'cluster', 'who', 'count', 'updated', 'id'];
  const { columns, widths } = layout(all, options.regions, options.width);
  const cut = options.width !== undefined;
  const { color } = options;
  const pad = (text: string, col: Column) => text + ' '.repeat(Math.max(0, widths[col] - chars(text)));
  const line = (cells: string[]) => `${cells.join(GAP).trimEnd()}\n`;
  out(line(columns.map((c) => color.bold(c === 'id' ? HEADERS[c] : pad(HEADERS[c], c)))));
  return {
    write(items) {
      if (items.length === 0) return;
      let text = '';
      for (const { region, state, finding } of items) {
        // The row's age column is left empty: findingCells' `lastSeen` is relative to now, UPDATED is absolute.
        const r = findingCells(finding, 0);
        const mark = (r.archived ? '[archived] ' : '') + (r.sample ? '[sample] ' : '');
        const type = mark + (cut ? truncateType(r.type, Math.max(1, widths.type - mark.length)) : r.type);
        const fit = (s: string, col: Column) => (cut ? truncateEnd(s, widths[col]) : s);
        const cells = columns.map((c) => {
          switch (c) {
            case 'state':
              return state === 'new' ? color.bold(pad(state, c)) : pad(state, c);
            case 'region':
              return pad(region, c);
            case 'severity':
              return severityLabel(r.severity, color, widths.severity);
            case 'type':
              return mark ? color.dim(mark.trimEnd()) + pad(type, c).slice(mark.trimEnd().length) : pad(type, c);
            case 'count':
              return r.count.padStart(widths.count);
            case 'updated':
              return pad(updatedCell(finding.UpdatedAt, widths.updated), c);
            case 'id':
              return r.id;
            default:
              return pad(fit(r[c], c), c);
          }
        });
        text += line(cells);
      }
      out(text);
    },
    end() {},
  };
}

/** The findings writer of `findings list` for JSON and NDJSON: the same finding shape, one per state printed. */
function fromFindingsWriter(writer: FindingsWriter): WatchWriter {
  return {
    write: (items) => writer.write('', items.map((i) => i.finding)),
    end: () => writer.end(),
  };
}

/** The writer for `-o`: table rows, a streamed JSON array (closed by end()), or NDJSON lines. */
export function watchWriter(format: OutputFormat, out: (text: string) => void, table: WatchTableOptions): WatchWriter {
  const writer = format === 'json' ? fromFindingsWriter(jsonArrayWriter(out)) : format === 'ndjson' ? fromFindingsWriter(ndjsonWriter(out)) : watchTableWriter(out, table);
  let ended = false;
  return {
    write: (items) => void (ended || writer.write(items)),
    end() {
      if (ended) return;
      ended = true;
      writer.end();
    },
  };
}
