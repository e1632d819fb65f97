import type { ChalkInstance } from 'chalk';
import type { TableStyle } from './emit.js';
import type { WriteMode, WriteResult, WriteView } from '../domain/write-result.js';

/** The plan as a readable diff per region, then what happened. Pure: returns the text for stdout. */
export function renderWriteResultsText({ results, mode }: WriteView, { color }: TableStyle): string {
  const lines: string[] = [];
  for (const r of results) {
    const id = r.detectorId ? `detector ${r.detectorId}` : r.action === 'created' ? 'no detector yet' : r.error ? '' : 'no detector';
    lines.push(color.bold(r.region) + (id ? color.dim(`  ${id}`) : ''));
    const width = Math.max(0, ...r.changes.map((c) => c.target.length));
    for (const c of r.changes) {
      const from = c.from ?? '(not set)';
      lines.push(`  ${c.target.padEnd(width)}  ${colorStatus(color, from)} ${color.dim('→')} ${colorStatus(color, c.to)}`);
    }
    lines.push(`  ${outcome(r, color, mode)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A region the run was interrupted in, the same in every writing command's table. */
export function interruptedOutcome(color: ChalkInstance): string {
  return color.yellow('✗ interrupted before it finished; it may or may not have been changed');
}

function outcome(r: WriteResult, color: ChalkInstance, mode: WriteMode): string {
  if (r.interrupted) return interruptedOutcome(color);
  // The reason is printed once, as the `error:` line on stderr.
  if (r.error) return color.red(r.action === null ? '✗ failed; nothing was changed' : `✗ ${r.action}, then failed`);
  if (r.action === 'unchanged') return color.green('✓ unchanged: already matches');
  const n = r.changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  if (mode === 'check') return color.yellow(`✗ drift: ${what} needed (${r.action === 'created' ? 'detector would be created' : 'detector would be updated'})`);
  if (mode === 'dry-run') return color.cyan(`dry run: would be ${r.action} (${what}); nothing was changed`);
  return color.green(`✓ ${r.action} (${what})`);
}

function colorStatus(color: ChalkInstance, value: string): string {
  if (value === 'ENABLED') return color.green(value);
  if (value === 'DISABLED') return color.yellow(value);
  return value;
}
