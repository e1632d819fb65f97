import type { Finding } from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from '../domain/globals.js';
import type { SortKey } from '../domain/findings-criteria.js';
import { compareFindings } from '../domain/findings-order.js';
import { csvRows } from './csv.js';
import { FINDING_CSV_COLUMNS, findingCsvRow, findingMarkdownColumns, findingMarkdownRow } from './findings-records.js';
import { renderFindingsTable } from './findings-table.js';
import { markdownHeader, markdownRows } from './markdown.js';

/**
 * A finding as JSON, in the shape `aws guardduty get-findings` prints: the SDK's Finding, with timestamp
 * members (EksClusterDetails.CreatedAt, RuntimeDetails' StartTime, ...) written back as the API sends them,
 * epoch seconds, instead of the ISO strings a Date would become. (String members such as UpdatedAt stay
 * strings, as on the wire.) So jq filters written against the AWS CLI's output keep working.
 */
export function findingJson(f: Finding, indent?: number): string {
  return withEpochDates(() => JSON.stringify(f, null, indent));
}

/**
 * Runs `fn` with Dates serialising to epoch seconds. A replacer function would do the same but makes
 * JSON.stringify several times slower, and stringify is a large part of a big listing's CPU time. The swap
 * lasts only for this synchronous call: no other code can run (or see it) before it is restored. Writers
 * wrap a whole batch, so the prototype changes twice per batch, not per finding.
 */
function withEpochDates<T>(fn: () => T): T {
  const toJSON = Object.getOwnPropertyDescriptor(Date.prototype, 'toJSON');
  Object.defineProperty(Date.prototype, 'toJSON', { value: epochSeconds, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    if (toJSON) Object.defineProperty(Date.prototype, 'toJSON', toJSON);
  }
}

function epochSeconds(this: Date): number {
  return this.getTime() / 1000;
}

/** Where `findings list` sends findings as they arrive; the findings are the SDK's objects, unchanged. */
export interface FindingsWriter {
  /** One batch from one region: written in one piece, so regions running in parallel never interleave inside a finding. */
  write(region: string, findings: readonly Finding[]): void;
  /**
   * Completes the output (the JSON array's `]`, or the buffered table), also after an error or Ctrl-C. Only the
   * first call writes: a second Ctrl-C's forced exit and the command's own cleanup may both call it.
   */
  end(): void;
  /**
   * The writer sorts the regions' findings into one list itself (table, csv, markdown with several regions), so
   * the regions need not be written one after another: each may hand over its findings as soon as it has them.
   */
  readonly mergesRegions?: boolean;
}

/**
 * `-o json`: one JSON array, in the shape of `aws guardduty get-findings`' "Findings", streamed: `[` at once,
 * each finding as it arrives, `]` at the end, so memory stays flat and an interrupted run still closes the array.
 */
export function jsonArrayWriter(out: (text: string) => void): FindingsWriter {
  let first = true;
  out('[');
  return {
    write(_region, findings) {
      if (findings.length === 0) return;
      const text = withEpochDates(() => {
        let t = '';
        for (const f of findings) {
          // The separator goes before each item: the writer never knows whether another finding will follow.
          t += `${first ? '\n' : ',\n'}  ${JSON.stringify(f, null, 2).replace(/\n/g, '\n  ')}`;
          first = false;
        }
        return t;
      });
      out(text);
    },
    end() {
      out(first ? ']\n' : '\n]\n');
    },
  };
}

/** `-o ndjson`: one finding per line, each batch written as soon as it arrives. */
export function ndjsonWriter(out: (text: string) => void): FindingsWriter {
  return {
    write(_region, findings) {
      if (findings.length === 0) return;
      out(
        withEpochDates(() => {
          let t = '';
          for (const f of findings) t += `${JSON.stringify(f)}\n`;
          return t;
        }),
      );
    },
    end() {},
  };
}

export interface TableWriterOptions {
  color: ChalkInstance;
  sort: SortKey;
  /** The regions in the order the user gave them (with several, the table has a REGION column). */
  regions: readonly string[];
  now: () => number;
  width?: number;
}

/**
 * Every region's findings in one list, sorted across regions in the order of `findings list` (ties keep the
 * order the regions were given in: the sort is stable).
 */
class MergedFindings {
  private readonly byRegion: Map<string, Finding[]>;
  constructor(regions: readonly string[], private readonly sort: SortKey) {
    this.byRegion = new Map(regions.map((r) => [r, []]));
  }
  add(region: string, findings: readonly Finding[]): void {
    const list = this.byRegion.get(region) ?? [];
    list.push(...findings);
    this.byRegion.set(region, list);
  }
  sorted(): Array<{ region: string; finding: Finding }> {
    const compare = compareFindings(this.sort);
    return [...this.byRegion].flatMap(([region, list]) => list.map((finding) => ({ region, finding }))).sort((a, b) => compare(a.finding, b.finding));
  }
}

/**
 * The table needs every row before it can lay out its columns, so it buffers (the stream formats are for large
 * listings). With several regions, one table sorted across them, with a REGION column.
 */
export function tableWriter(out: (text: string) => void, options: TableWriterOptions): FindingsWriter {
  const merged = new MergedFindings(options.regions, options.sort);
  return {
    mergesRegions: true,
    write: (region, findings) => merged.add(region, findings),
    end() {
      const rows = merged.sorted();
      if (rows.length === 0) return;
      const several = options.regions.length > 1;
      out(
        renderFindingsTable(
          rows.map((r) => r.finding),
          options.color,
          { now: options.now(), width: options.width, ...(several ? { regions: rows.map((r) => r.region) } : {}) },
        ),
      );
    },
  };
}

/**
 * `-o csv` and `-o markdown`: a header at once, then the rows. One region's findings arrive in their final order,
 * so they are written as they come (memory stays flat); several regions' are held and sorted into one list.
 */
function rowsWriter(out: (text: string) => void, options: TableWriterOptions, header: string, rows: (list: Array<{ region: string; finding: Finding }>) => string): FindingsWriter {
  out(header);
  if (options.regions.length <= 1) {
    return {
      write: (region, findings) => void (findings.length > 0 && out(rows(findings.map((finding) => ({ region, finding }))))),
      end() {},
    };
  }
  const merged = new MergedFindings(options.regions, options.sort);
  return {
    mergesRegions: true,
    write: (region, findings) => merged.add(region, findings),
    end() {
      const list = merged.sorted();
      if (list.length > 0) out(rows(list));
    },
  };
}

/** `-o csv`: RFC 4180, one row per finding (columns: FINDING_CSV_COLUMNS). */
export function csvWriter(out: (text: string) => void, options: TableWriterOptions): FindingsWriter {
  return rowsWriter(out, options, csvRows([FINDING_CSV_COLUMNS]), (list) => csvRows(list.map((r) => findingCsvRow(r.region, r.finding))));
}

/** `-o markdown`: one GitHub-flavoured markdown table (src/output/markdown.ts escapes every cell). */
export function markdownWriter(out: (text: string) => void, options: TableWriterOptions): FindingsWriter {
  const n = options.regions.length;
  const columns = findingMarkdownColumns(n);
  return rowsWriter(out, options, markdownHeader(columns), (list) => markdownRows({ columns, rows: list.map((r) => findingMarkdownRow(r.region, r.finding, n)) }));
}

const WRITERS: Record<OutputFormat, (out: (text: string) => void, options: TableWriterOptions) => FindingsWriter> = {
  table: tableWriter,
  json: jsonArrayWriter,
  ndjson: ndjsonWriter,
  csv: csvWriter,
  markdown: markdownWriter,
};

export function findingsWriter(format: OutputFormat, out: (text: string) => void, table: TableWriterOptions): FindingsWriter {
  const writer = WRITERS[format](out, table);
  let ended = false;
  return {
    mergesRegions: writer.mergesRegions === true,
    // After end() (a forced exit closed the output), a late batch must not follow the JSON array's `]`.
    write: (region, findings) => void (ended || writer.write(region, findings)),
    end() {
      if (ended) return;
      ended = true;
      writer.end();
    },
  };
}
