import type { ReadProblem } from '../domain/status-model.js';
import { AwsError } from '../errors.js';

/** Operations whose absence on an endpoint (a local emulator) makes a fact unknown, not the run a failure. */
const OPTIONAL_OPERATIONS = new Set(['DescribeAddon', 'DescribeCluster', 'ListFargateProfiles', 'ListNodegroups']);

/**
 * What could not be read in one region (`status`, `status --organization`): each failed read becomes a
 * ReadProblem (one per IAM action and cause, counting the clusters it affected), and the fact it was to
 * provide is reported as unknown, with a short reason.
 */
export class ReadFailures {
  readonly notes: string[] = [];
  readonly #problems = new Map<string, ReadProblem>();

  get problems(): ReadProblem[] {
    return [...this.#problems.values()];
  }

  /** Records `e` and returns the reason to show in place of the fact. An interruption or a bug is rethrown. */
  reason(e: unknown, service: 'guardduty' | 'eks', perCluster = false): string {
    if (!(e instanceof AwsError)) throw e; // not a fact about the account
    const operation = e.operation ?? '?';
    const action = `${service}:${operation}`;
    if (e.code === 'UnsupportedOperation' && OPTIONAL_OPERATIONS.has(operation)) {
      const note = `the EKS endpoint does not support ${operation}, so what it tells is reported as unknown`;
      if (!this.notes.includes(note)) this.notes.push(note);
      return `endpoint does not support ${operation}`;
    }
    const key = `${action}|${e.code}`;
    const known = this.#problems.get(key);
    if (known) known.clusters = (known.clusters ?? 0) + 1;
    else this.#problems.set(key, { code: e.code, action, message: e.message, ...(perCluster ? { clusters: 1 } : {}) });
    return e.code === 'AccessDenied' ? `access denied (${action})` : `${operation} failed: ${e.code}`;
  }

  /** The same, as the `{ unknown }` a fact that could not be read is replaced with. */
  unknown(e: unknown, service: 'guardduty' | 'eks', perCluster = false): { unknown: string } {
    return { unknown: this.reason(e, service, perCluster) };
  }
}
