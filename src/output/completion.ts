import { bashScript } from './completion-bash.js';
import { fishScript } from './completion-fish.js';
import type { Shell } from './completion-shells.js';
import type { CommandSpec } from './completion-tree.js';
import { zshScript } from './completion-zsh.js';

const GENERATORS: Readonly<Record<Shell, (program: CommandSpec) => string>> = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** The completion script for a shell, from a command tree (pure: the same tree gives the same text). */
export function completionScript(shell: Shell, program: CommandSpec): string {
  return GENERATORS[shell](program);
}
