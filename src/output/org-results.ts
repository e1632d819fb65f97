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
  if (r.error) return color.red(r.action === null ? '✗ failed; nothing was changed' : '✗ organization configuration updated, then failed');
  const n = r.changes.length;
  if (n === 0) return color.green('✓ unchanged: the organization configuration already matches');
  const what = `${n} change${n === 1 ? '' : 's'}`;
  // The Status row is the administrator's own detector, suspended: this command does not resume it.
  const suspended = r.changes.some((c) => c.target === 'Status') ? '; the administrator detector is suspended' : '';
  const plan = r.action === 'updated' ? `the organization configuration would be updated${suspended}` : suspended.slice(2);
  if (mode === 'check') return color.yellow(`✗ drift: ${what} needed (${plan})`);
  if (mode === 'dry-run') return color.cyan(`dry run: ${plan} (${what}); nothing was changed`);
  return color.green(`✓ organization configuration updated (${what})`);
}

function level(color: ChalkInstance, value: string): string {
  const v = sanitize(value);
  if (v === 'NEW' || v === 'ALL') return color.green(v);
  if (v === 'NONE') return color.yellow(v);
  return v;
}
