import type { TableStyle } from './emit.js';

/** The regions where some of the ids were found, with how many changed and how many already were so. */
export interface ArchiveView {
  done: 'archived' | 'unarchived';
  /** --dry-run: what would change; nothing was sent. */
  dryRun?: true;
  /** How many of the ids given no region has (named on stderr). */
  notFound?: number;
  /** `interrupted`: the run stopped (Ctrl-C, SIGTERM, SIGHUP) before this region finished. */
  regions: Array<{ region: string; changed: number; unchanged: number; interrupted?: true }>;
}

/** `findings archive|unarchive` in a terminal: one ✓ line per region that holds some of the ids. */
export function renderArchiveText({ done, dryRun, notFound, regions }: ArchiveView, { color }: TableStyle): string {
  let text = '';
  if (dryRun) {
    const verb = done === 'archived' ? 'archived' : 'unarchived';
    for (const r of regions) {
      if (r.changed + r.unchanged === 0) continue;
      const already = r.unchanged > 0 ? `; ${r.unchanged} already ${done}` : '';
      text += `${color.cyan('dry run:')} ${r.region}: ${r.changed} finding${r.changed === 1 ? '' : 's'} would be ${verb}${already}; nothing was changed\n`;
    }
    if (notFound) text += `${color.cyan('dry run:')} ${notFound} not found (named below)\n`;
    return text;
  }
  for (const r of regions) {
    if (r.interrupted) {
      text += `${color.yellow('✗')} ${r.region}: interrupted before it finished; some findings may have been ${done}\n`;
      continue;
    }
    if (r.changed + r.unchanged === 0) continue;
    const already = r.unchanged > 0 ? ` (${r.unchanged} already ${done})` : '';
    text += `${color.green('✓')} ${r.region}: ${done} ${r.changed} finding${r.changed === 1 ? '' : 's'}${already}\n`;
  }
  return text;
}

export interface SamplesArchiveView {
  dryRun: boolean;
  results: Array<{ region: string; detectorId: string | null; samples: number; archived: number; error?: unknown }>;
}

/** `findings archive --samples`: per region, how many sample findings there were and what was done. */
export function renderSamplesArchiveText({ dryRun, results }: SamplesArchiveView, { color }: TableStyle): string {
  let text = '';
  for (const r of results) {
    if (r.error) continue;
    const n = `${r.samples} sample finding${r.samples === 1 ? '' : 's'}`;
    if (r.samples === 0) text += `${color.green('✓')} ${r.region}: no unarchived sample findings\n`;
    else if (dryRun) text += `${color.cyan('dry run:')} ${r.region}: ${n} would be archived; nothing was changed\n`;
    else text += `${color.green('✓')} ${r.region}: archived ${n}\n`;
  }
  return text;
}
