import type { Ctx } from './context.js';
import { loadFeatures } from '../features/read.js';
import { renderTable } from '../output/table.js';
import { ExitCode } from '../errors.js';

/** `gdeks validate <file>`: offline; an invalid file raises InputError (exit 2) with every problem located. */
export async function runValidate(ctx: Ctx, file: string): Promise<number> {
  const { file: label, features } = await loadFeatures(file);
  const { io, globals } = ctx;
  if (globals.output === 'json') {
    io.out(`${JSON.stringify(features, null, 2)}\n`);
  } else if (globals.output === 'ndjson') {
    for (const f of features) io.out(`${JSON.stringify(f)}\n`);
  } else {
    const rows = features.map((f) => [
      f.Name,
      colorStatus(ctx, f.Status),
      (f.AdditionalConfiguration ?? []).map((a) => `${a.Name}=${a.Status}`).join(', ') || '-',
    ]);
    io.out(renderTable(['FEATURE', 'STATUS', 'ADDITIONAL CONFIGURATION'], rows, io.color));
  }
  io.err(`${io.errColor.green('✓')} ${label}: valid, ${features.length} feature${features.length === 1 ? '' : 's'}\n`);
  return ExitCode.ok;
}

function colorStatus(ctx: Ctx, status: string): string {
  return status === 'ENABLED' ? ctx.io.color.green(status) : ctx.io.color.yellow(status);
}
