import type { Ctx } from '../core/context.js';
import { GdeksError, ExitCode } from '../errors.js';

/** Not built yet: say so plainly instead of pretending. */
export async function runFindingsSample(_ctx: Ctx): Promise<number> {
  throw new GdeksError('`gdeks findings sample` is not implemented yet in this version', ExitCode.failure);
}
