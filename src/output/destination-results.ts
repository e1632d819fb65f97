import type { ChalkInstance } from 'chalk';
import type { TableStyle } from './emit.js';
import { destinationAdvice } from '../domain/destination-plan.js';
import type { DestinationResult } from '../domain/destination-plan.js';
import type { WriteMode, WriteView } from '../domain/write-result.js';
import { sanitize } from '../text/sanitize.js';
import { interruptedOutcome } from './write-results.js';

type Mode = WriteMode;

/** `gdeks export-destination` per region: the diff, what happened, and the destination's publishing status. Pure. */
export function renderDestinationResultsText({ results, mode }: WriteView<DestinationResult>, { color }: TableStyle): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(color.bold(r.region) + (r.detectorId ? color.dim(`  detector ${r.detectorId}`) : ''));
    const width = Math.max(0, ...r.changes.map((c) => c.target.length));
    for (const c of r.changes) {
      lines.push(`  ${c.target.padEnd(width)}  ${sanitize(c.from ?? '(not set)')} ${color.dim('→')} ${sanitize(c.to)}`);
    }
    const d = r.destination;
    if (d && r.changes.length === 0) {
      lines.push(`  ${'DestinationArn'.padEnd(14)}  ${sanitize(d.destinationArn ?? '?')}`);
      lines.push(`  ${'KmsKeyArn'.padEnd(14)}  ${sanitize(d.kmsKeyArn ?? '(none)')}`);
    }
    if (d) {
      const current = mode !== 'apply' && r.action === 'updated' ? ' (current destination)' : '';
      lines.push(`  ${'Status'.padEnd(14)}  ${status(color, d.status)}${color.dim(`  ${d.destinationId}${current}`)}`);
    }
    lines.push(`  ${outcome(r, color, mode)}`);
  }
  return `${lines.join('\n')}\n`;
}

function outcome(r: DestinationResult, color: ChalkInstance, mode: Mode): string {
  if (r.interrupted) return interruptedOutcome(color);
  const n = r.changes.length;
  const what = `${n} change${n === 1 ? '' : 's'}`;
  const done = r.action === 'created' ? 'created' : r.action === 'updated' ? 'updated' : 'unchanged';
  // The reason is printed once, as the `error:` line on stderr.
  if (r.error && r.action === null) return color.red('✗ failed; nothing was changed');
  if (r.error) return color.red(`✗ ${r.action === 'unchanged' ? 'unchanged' : `destination ${done}`}, but ${r.error.code === 'UnableToPublish' ? 'GuardDuty cannot publish to it' : 'then failed'}`);
  if (r.action === 'unchanged') return color.green('✓ unchanged: already exports to this bucket with this key');
  if (mode === 'check') return color.yellow(`✗ drift: ${what} needed (the destination would be ${done})`);
  if (mode === 'dry-run') return color.cyan(`dry run: the destination would be ${done} (${what}); nothing was changed`);
  return color.green(`✓ destination ${done} (${what})`);
}

function status(color: ChalkInstance, value: string | null): string {
  const v = sanitize(value ?? 'unknown');
  const severity = destinationAdvice(value).severity;
  if (severity === 'ok') return color.green(v);
  if (severity === 'fail') return color.red(v);
  return color.yellow(v);
}
