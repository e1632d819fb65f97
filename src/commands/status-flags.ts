import { parseClusterName } from '../domain/findings-criteria.js';
import { UsageError } from '../errors.js';

/** `gdeks status`'s options, as commander hands them to src/commands/status.ts and status-organization.ts. */
export interface StatusFlags {
  cluster?: string;
  failUnprotected?: boolean;
  organization?: boolean;
}

/** --cluster, trimmed; an empty name, or one no EKS cluster can have, is a usage error (exit 2) before any AWS call. */
export function clusterFlag(value: string | undefined): string | undefined {
  const only = value?.trim();
  if (only !== undefined && only === '') throw new UsageError('--cluster: give a cluster name');
  return only === undefined ? undefined : parseClusterName(only);
}
