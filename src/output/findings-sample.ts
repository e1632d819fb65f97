import { sanitize } from '../text/sanitize.js';
import type { TableStyle } from './emit.js';

/** The regions that took the request (failed ones are reported on stderr). */
export interface SampleView {
  requested: Array<{ region: string; detectorId: string; requested: number }>;
}

/** `findings sample` in a terminal: one line per region that took the request, and how to list the samples. */
export function renderSampleText({ requested }: SampleView, { color }: TableStyle): string {
  let text = '';
  for (const r of requested) {
    text += `${color.green('✓')} ${r.region}: requested ${r.requested} sample finding${r.requested === 1 ? '' : 's'} ${color.dim(`(detector ${sanitize(r.detectorId)})`)}\n`;
  }
  const ok = requested.map((r) => r.region);
  if (ok.length > 0) {
    const where = ok.length === 1 ? `--region ${ok[0]}` : `--regions ${ok.join(',')}`;
    text += `Sample findings appear within a minute, marked [sample] (titles "[SAMPLE] …"); like real ones, they count toward --fail-on. List them with:\n  gdeks findings list ${where} --since 15m\n`;
  }
  return text;
}
