import type { Ctx } from '../core/context.js';
import { GdeksError, ExitCode } from '../errors.js';

/** Not built yet: say so plainly instead of pretending. */
export async function runFindingsArchive(_ctx: Ctx): Promise<number> {
  throw new GdeksError('`gdeks findings archive` is not implemented yet in this version', ExitCode.failure);
}

export async function runFindingsUnarchive(_ctx: Ctx): Promise<number> {
  throw new GdeksError('`gdeks findings unarchive` is not implemented yet in this version', ExitCode.failure);
}
