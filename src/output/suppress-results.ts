import type { ChalkInstance } from 'chalk';
import { BLAST_DAYS, type BlastRadius } from '../domain/blast-radius.js';
import { summaryLine } from '../domain/findings-summary.js';
import type { SuppressResult } from '../domain/suppress-result.js';
import { criteriaWords } from '../domain/suppress-rule.js';
import type { WriteMode, WriteView } from '../domain/write-result.js';
import { sanitize } from '../text/sanitize.js';
import type { TableStyle } from './emit.js';

/** `suppress add | remove | apply` per region and rule: the diff, the blast radius, warnings, then what happened. Pure. */
export function renderSuppressResultsText({ results, mode }: WriteView<SuppressResult>, { color }: TableStyle): string {
  const lines: string[] = [];
  let region: string | undefined;
  for (const r of results) {
    if (r.region !== region) {
      region = r.region;
      lines.push(color.bold(r.region) + (r.detectorId ? color.dim(`  detector ${r.detectorId}`) : ''));
    }
    if (r.rule) {
      const words = criteriaWords(r.rule.criteria);
      const selects = [...words.flags.map(shellWord), ...words.raw.map((w) => `[${w}]`)].join(' ');
      lines.push(`  ${color.bold(sanitize(r.rule.name))}  ${r.rule.action}${r.rule.rank !== null ? color.dim(` rank ${r.rule.rank}`) : ''}  ${color.dim(sanitize(selects))}`);
    }
    const width = Math.max(0, ...r.changes.map((c) => c.target.length));
    for (const c of r.changes) lines.push(`    ${c.target.padEnd(width)}  ${sanitize(c.from ?? '(not set)')} ${color.dim('→')} ${sanitize(c.to)}`);
    if (r.matches) lines.push(`    ${blastLine(r.matches, color)}`);
    for (const w of r.warnings) lines.push(`    ${color.red.bold('⚠ WARNING:')} ${color.red(w)}`);
    lines.push(`    ${outcome(r, color, mode)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `blast radius, last 90 days: 42 findings: 2 high, 40 low (12 still active); clusters prod; top types A ×30, B ×12`. */
export function blastLine(b: BlastRadius, color: ChalkInstance): string {
  if (b.total === 0) return color.green(`blast radius, last ${BLAST_DAYS} days: no findings match`);
  const types = b.types.slice(0, 3).map((t) => `${t.type} ×${t.count}`).join(', ') + (b.types.length > 3 ? `, +${b.types.length - 3} more types` : '');
  const clusters = b.clusters.length === 0 ? '' : `; cluster${b.clusters.length === 1 ? '' : 's'} ${b.clusters.join(', ')}`;
  const samples = b.samples > 0 ? `, ${b.samples} of them sample${b.samples === 1 ? '' : 's'}` : '';
  return `blast radius, last ${BLAST_DAYS} days: ${summaryLine(b.bySeverity)} (${b.active} active now${samples})${clusters}; ${sanitize(types)}`;
}

/** A flag value as a shell would need it: quoted when it has anything but plain characters. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

function outcome(r: SuppressResult, color: ChalkInstance, mode: WriteMode): string {
  const n = r.changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  const archived = r.archived ? `; ${r.archived} existing finding${r.archived === 1 ? '' : 's'} ${r.dryRun ? 'would be ' : ''}archived` : '';
  // The reason is printed once, as the `error:` line on stderr.
  if (r.error) return color.red(r.action === null ? '✗ failed; nothing was changed' : `✗ rule ${r.action}, then failed`);
  if (r.action === 'unchanged' && n === 0) return color.green(r.rule ? '✓ unchanged: already matches' : '✓ unchanged');
  const done = r.action === 'unchanged' ? 'left as it is' : r.action;
  if (mode === 'check') return color.yellow(`✗ drift: ${what} needed (the rule would be ${done})`);
  if (mode === 'dry-run') return color.cyan(`dry run: the rule would be ${done} (${what})${archived}; nothing was changed`);
  return color.green(`✓ rule ${done} (${what})${archived}`);
}
