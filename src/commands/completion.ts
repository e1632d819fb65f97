import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { suggest } from '../features/ast.js';
import { completionScript } from '../output/completion.js';
import { isShell, SHELLS } from '../output/completion-shells.js';
import { describeProgram, type ProgramFacts } from './completion-tree.js';
import type { Ctx } from './context.js';

/**
 * `gdeks completion <shell>`: prints the shell's completion script, generated from the program's own definitions
 * (so it always matches this version's commands and options). Offline; a missing or unknown shell is a usage error.
 */
export async function runCompletion(ctx: Ctx, shell: string | undefined, program: Command, facts: ProgramFacts): Promise<number> {
  const usage = `gdeks completion ${SHELLS.join('|')}`;
  if (shell === undefined) throw new UsageError(`name a shell: ${SHELLS.join(', ')}`, [`e.g. ${usage}`]);
  if (!isShell(shell)) {
    const guess = suggest(shell, SHELLS);
    throw new UsageError(`"${shell}" is not a shell gdeks writes completion for; use one of ${SHELLS.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  ctx.io.out(completionScript(shell, describeProgram(program, facts)));
  return ExitCode.ok;
}
