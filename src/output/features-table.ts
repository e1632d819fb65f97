import type { DesiredFeature } from '../domain/features.js';
import type { TableStyle } from './emit.js';
import { renderTable } from './table.js';

/** `validate`'s table: each feature, its status and its additional configuration. */
export function renderFeaturesTable(features: readonly DesiredFeature[], { color }: TableStyle): string {
  const rows = features.map((f) => [
    f.Name,
    f.Status === 'ENABLED' ? color.green(f.Status) : color.yellow(f.Status),
    (f.AdditionalConfiguration ?? []).map((a) => `${a.Name}=${a.Status}`).join(', ') || '-',
  ]);
  return renderTable(['FEATURE', 'STATUS', 'ADDITIONAL CONFIGURATION'], rows, color);
}
