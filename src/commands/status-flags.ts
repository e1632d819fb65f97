import { parseClusterName } from '../domain/findings-criteria.js';
import { MEMBER_VERDICTS, type MemberVerdict } from '../domain/org-status.js';
import { UsageError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

/** `gdeks status`'s options, as commander hands them to src/commands/status.ts and status-organization.ts. */
export interface StatusFlags {
  /** --cluster, repeatable: any of these clusters. */
  cluster?: string[];
  failUnprotected?: boolean;
  organization?: boolean;
  /** --verdict, as given: repeatable, each comma-separated. */
  verdict?: string[];
}

/**
 * --verdict (with --organization): the member verdicts to list, JSON's words, repeatable or comma-separated;
 * undefined when not given. Anything else is a usage error (exit 2) naming the allowed words.
 */
export function verdictFlag(values: readonly string[] | undefined, organization: boolean): MemberVerdict[] | undefined {
  if (values === undefined) return undefined;
  if (!organization) throw new UsageError('--verdict lists member accounts by verdict: use it with --organization');
  const words = values.flatMap((v) => v.split(',')).map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  const allowed = MEMBER_VERDICTS.join(', ');
  const bad = words.filter((w) => !(MEMBER_VERDICTS as readonly string[]).includes(w));
  if (words.length === 0) throw new UsageError(`--verdict: give one or more of ${allowed}`);
  if (bad.length > 0) throw new UsageError(`--verdict: ${bad.map((w) => JSON.stringify(sanitize(w))).join(', ')} is not a verdict; use ${allowed} (comma-separated or repeated)`);
  return MEMBER_VERDICTS.filter((v) => words.includes(v));
}

/**
 * --cluster's names, trimmed, without repeats; undefined when none was given (every cluster). An empty name, or one
 * no EKS cluster can have, is a usage error (exit 2) before any AWS call.
 */
export function clusterFlag(given: readonly string[] | undefined): string[] | undefined {
  if (given === undefined || given.length === 0) return undefined;
  const names: string[] = [];
  for (const raw of given) {
    const name = raw.trim();
    if (name === '') throw new UsageError('--cluster: give a cluster name');
    if (!names.includes(parseClusterName(name))) names.push(name);
  }
  // ListCoverage's EKS_CLUSTER_NAME filter takes at most 50 values, as GuardDuty's other Equals filters do.
  if (names.length > 50) throw new UsageError(`--cluster: at most 50 clusters at once; got ${names.length}`);
  return names;
}
