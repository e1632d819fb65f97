import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { suggest } from '../features/ast.js';

/**
 * `gdeks help [command...]`: help for any command, nested ones included (`gdeks help findings list`). An
 * unknown name is a usage error (exit 2), as `gdeks nonexistent` is, not the top-level help with exit 0.
 */
export function showHelp(program: Command, names: readonly string[]): void {
  let command = program;
  const path: string[] = [];
  for (const name of names) {
    const children = command.commands.filter((c) => c.name() !== 'help');
    const next = children.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      const guess = suggest(name, children.map((c) => c.name()));
      const where = path.length > 0 ? `gdeks ${path.join(' ')}` : 'gdeks';
      throw new UsageError(`unknown command '${[...path, name].join(' ')}'${guess ? `; did you mean '${[...path, guess].join(' ')}'?` : ''}`, [
        `commands of ${where}: ${children.map((c) => c.name()).join(', ')}`,
      ]);
    }
    command = next;
    path.push(name);
  }
  command.outputHelp();
}
