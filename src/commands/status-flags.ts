import { parseClusterName } from '../domain/findings-criteria.js';
import { UsageError } from '../errors.js';

/** `gdeks status`'s options, as commander hands them to src/commands/status.ts and status-organization.ts. */
export interface StatusFlags {
  /** --cluster, repeatable: any of these clusters. */
  cluster?: string[];
  failUnprotected?: boolean;
  organization?: boolean;
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
