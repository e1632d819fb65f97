import { problemLines } from '../domain/problem-lines.js';
import { details, error, note, type Message, type Report } from '../domain/report.js';
import type { ReadProblem } from '../domain/status-model.js';
import { ExitCode } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import type { RegionOutcome } from './fanout.js';

interface RegionReport {
  region: string;
  notes: string[];
  problems: ReadProblem[];
  error?: { code: string; message: string };
}

export interface StatusReportParts<R extends RegionReport, V> {
  reports: R[];
  outcomes: ReadonlyArray<RegionOutcome<unknown>>;
  output: NonNullable<Report<V>['output']>;
  /** The `error:` line of a region that has an error (undefined: its problems say it all). */
  errorLine: (r: R) => string | undefined;
  /** With --cluster: the error when nothing anywhere matched it (`matched` false for every region). */
  cluster?: { matched: (r: R) => boolean; notFound: string };
  /** With --fail-unprotected: why the policy fails, or null. */
  policyFailure?: () => string | null;
}

/**
 * The report of `status` and `status --organization`: per region its error, notes and problems on stderr;
 * exit 1 when something could not be read or --cluster matched nothing, else 3 when --fail-unprotected fails.
 */
export function statusReport<R extends RegionReport, V>(parts: StatusReportParts<R, V>): Report<V> {
  const messages: Message[] = [];
  for (const r of parts.reports) {
    const line = r.error ? parts.errorLine(r) : undefined;
    if (line !== undefined) messages.push(error(sanitize(line)));
    messages.push(...r.notes.map((n) => note(`${r.region}: ${sanitize(n)}`)));
    messages.push(...problemLines(r.problems).map((l) => error(`${r.region}: ${sanitize(l)}`)));
  }
  for (const o of parts.outcomes) if (!o.ok) messages.push(...details(o.error.details));
  const report = (exitCode: number): Report<V> => ({ output: parts.output, messages, exitCode });

  const unreadable = parts.reports.some((r) => r.error || r.problems.length > 0);
  const cluster = parts.cluster;
  if (cluster && !unreadable && !parts.reports.some(cluster.matched)) {
    messages.push(error(cluster.notFound));
    return report(ExitCode.failure);
  }
  if (unreadable) return report(ExitCode.failure);
  const failure = parts.policyFailure?.() ?? null;
  if (failure) {
    messages.push({ kind: 'plain', text: sanitize(failure) });
    return report(ExitCode.condition);
  }
  return report(ExitCode.ok);
}
