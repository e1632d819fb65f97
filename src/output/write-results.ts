import type { ChalkInstance } from 'chalk';
import type { WriteResult } from '../domain/write-result.js';
import type { Io } from './io.js';
import { sanitize } from '../text/sanitize.js';

/** `{"results":[...]}` exactly as design.md specifies, with notes added for CI logs. */
export function renderWriteResultsJson(results: readonly WriteResult[]): string {
  return `${JSON.stringify({ results: results.map(resultJson) }, null, 2)}\n`;
}

/** `-o ndjson`: the same result objects as `results` in the JSON, one per line. */
export function renderWriteResultsNdjson(results: readonly WriteResult[]): string {
  return results.map((r) => `${JSON.stringify(resultJson(r))}\n`).join('');
}

/** A result as printed: every field but the error's details, which are for people (stderr). */
function resultJson(r: WriteResult): object {
  const { errorDetails, ...json } = r;
  return json;
}

/** The plan as a readable diff per region, then what happened. Pure: returns the text for stdout. */
export function renderWriteResultsText(results: readonly WriteResult[], color: ChalkInstance, mode: 'apply' | 'dry-run' | 'check'): string {
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

function outcome(r: WriteResult, color: ChalkInstance, mode: 'apply' | 'dry-run' | 'check'): string {
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

/** Notes and per-region errors (each with its details) go to stderr: they are warnings, not the requested output. */
export function reportNotesAndErrors(results: readonly WriteResult[], io: Io): void {
  for (const r of results) {
    for (const note of r.notes) io.err(`${io.errColor.yellow('note:')} ${r.region}: ${note}\n`);
    if (!r.error) continue;
    io.err(`${io.errColor.red('error:')} ${sanitize(r.error.message)}\n`);
    for (const line of r.errorDetails ?? []) io.err(`  ${line}\n`);
  }
}
