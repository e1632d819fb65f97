import type { ReadProblem } from './status-model.js';

/**
 * The stderr lines for what could not be read in a region (`status` and `status --organization`). JSON keeps one
 * problem per IAM action; a person needs each cause once.
 */

/** Causes that belong to the caller, not to the call: every operation fails the same way, for the same reason. */
const CALLER_CAUSES = new Set(['NoCredentials', 'ExpiredCredentials', 'InvalidCredentials', 'NoRegion']);

/**
 * One line per cause (without the `error: region:` prefix, and not yet sanitized): failures with a caller-side
 * cause are merged, naming every action they stopped; the same action failing the same way is counted once.
 */
export function problemLines(problems: readonly ReadProblem[]): string[] {
  const groups = new Map<string, { actions: string[]; message: string; clusters: number }>();
  for (const p of [...problems].sort((a, b) => a.action.localeCompare(b.action))) {
    const key = CALLER_CAUSES.has(p.code) ? p.code : `${p.action}|${p.code}`;
    const group = groups.get(key) ?? { actions: [], message: p.message, clusters: 0 };
    if (!group.actions.includes(p.action)) group.actions.push(p.action);
    group.clusters += p.clusters ?? 0;
    groups.set(key, group);
  }
  return [...groups.values()].map(
    (g) => `could not read ${g.actions.join(', ')}${g.clusters ? ` for ${g.clusters} cluster${g.clusters === 1 ? '' : 's'}` : ''}: ${g.message}`,
  );
}
