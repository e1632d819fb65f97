import type { Finding } from '@aws-sdk/client-guardduty';
import type { ChalkInstance } from 'chalk';
import type { OutputFormat } from '../domain/globals.js';
import type { SortKey } from '../domain/findings-criteria.js';
import { sortForDisplay } from '../domain/findings-summary.js';
import { renderFindingsTable } from './findings-table.js';

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
  /** The regions in the order the user gave them (one table section each when there are several). */
  regions: readonly string[];
  now: () => number;
  width?: number;
}

/**
 * The table needs every row before it can order ties by the secondary key, so it buffers (the stream
 * formats are for large listings). With several regions, one section per region.
 */
export function tableWriter(out: (text: string) => void, options: TableWriterOptions): FindingsWriter {
  const byRegion = new Map<string, Finding[]>(options.regions.map((r) => [r, []]));
  return {
    write(region, findings) {
      const list = byRegion.get(region) ?? [];
      list.push(...findings);
      byRegion.set(region, list);
    },
    end() {
      const sections = [...byRegion].filter(([, list]) => list.length > 0);
      const now = options.now();
      const text = sections.map(([region, list]) => {
        const table = renderFindingsTable(sortForDisplay(list, options.sort), options.color, { now, width: options.width });
        return options.regions.length > 1 ? `${options.color.bold(region)}\n${table}` : table;
      });
      if (text.length > 0) out(text.join('\n'));
    },
  };
}

export function findingsWriter(format: OutputFormat, out: (text: string) => void, table: TableWriterOptions): FindingsWriter {
  const writer = format === 'json' ? jsonArrayWriter(out) : format === 'ndjson' ? ndjsonWriter(out) : tableWriter(out, table);
  let ended = false;
  return {
    // After end() (a forced exit closed the output), a late batch must not follow the JSON array's `]`.
    write: (region, findings) => void (ended || writer.write(region, findings)),
    end() {
      if (ended) return;
      ended = true;
      writer.end();
    },
  };
}
