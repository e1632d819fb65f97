import type { ChalkInstance } from 'chalk';
import type { TableStyle } from './emit.js';
import type { WriteMode, WriteResult, WriteView } from '../domain/write-result.js';
import { sanitize } from '../text/sanitize.js';
import { interruptedOutcome } from './write-results.js';

type Mode = WriteMode;

/** `gdeks enable --organization` as a readable diff per region, then what happened. Pure. */
export function renderOrgResultsText({ results, mode }: WriteView<WriteResult>, { color }: TableStyle): string {
  const lines: string[] = [];
  for (const r of results) {
    const id = r.detectorId ? color.dim(`  administrator detector ${r.detectorId}`) : '';
    lines.push(`${color.bold(r.region)}${id}  ${color.dim('(organization auto-enable)')}`);
    const width = Math.max(0, ...r.changes.map((c) => c.target.length));
    for (const c of r.changes) {
      lines.push(`  ${c.target.padEnd(width)}  ${level(color, c.from ?? '(not set)')} ${color.dim('→')} ${level(color, c.to)}`);
    }
    lines.push(`  ${outcome(r, color, mode)}`);
  }
  return `${lines.join('\n')}\n`;
}

function outcome(r: WriteResult, color: ChalkInstance, mode: Mode): string {
  if (r.interrupted) return interruptedOutcome(color);
  // The reason is printed once, as the `error:` line on stderr.
  if (r.error) return color.red('✗ failed; nothing was changed');
  if (r.action === 'unchanged') return color.green('✓ unchanged: the organization configuration already matches');
  const n = r.changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  if (mode === 'check') return color.yellow(`✗ drift: ${what} needed (the organization configuration would be updated)`);
  if (mode === 'dry-run') return color.cyan(`dry run: the organization configuration would be updated (${what}); nothing was changed`);
  return color.green(`✓ organization configuration updated (${what})`);
}

function level(color: ChalkInstance, value: string): string {
  const v = sanitize(value);
  if (v === 'NEW' || v === 'ALL') return color.green(v);
  if (v === 'NONE') return color.yellow(v);
  return v;
}
