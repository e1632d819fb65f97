/**
 * A command tree as a shell completion script needs it: names, descriptions, flags, and what each value can
 * be. Gathered at run time from the commander definitions (src/commands/completion-tree.ts), so the scripts
 * (completion-bash.ts, completion-zsh.ts, completion-fish.ts) follow every new command and option by themselves.
 */

/** What a shell offers for a value: one of known words, a file name, or nothing (free text: a cluster name). */
export interface ValueSpec {
  /** The placeholder as the help shows it (`format` of `<format>`), for the shell's "expecting" message. */
  name: string;
  choices?: readonly string[];
  files?: boolean;
}

export interface OptionSpec {
  /** `-o` */
  short?: string;
  /** `--output` */
  long?: string;
  description: string;
  /** Absent for a switch (`--dry-run`). */
  value?: ValueSpec;
  /** May be given several times (a filter whose values combine). */
  repeatable: boolean;
}

export interface ArgumentSpec extends ValueSpec {
  description: string;
  required: boolean;
  /** Takes every remaining word (`<id...>`). */
  variadic: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** The command's own options; an ancestor's options apply under it too (commander's global options). */
  options: OptionSpec[];
  arguments: ArgumentSpec[];
  commands: CommandSpec[];
}

/** A command with the path of names that leads to it from the program (the program itself: []). */
export interface CommandAt {
  path: string[];
  command: CommandSpec;
  /** Its own options first, then each ancestor's, nearest first; a flag defined twice keeps the nearest. */
  options: OptionSpec[];
}

/** Every command of the tree, the program first, parents before their subcommands. */
export function commandsOf(program: CommandSpec): CommandAt[] {
  const out: CommandAt[] = [];
  const visit = (command: CommandSpec, path: string[], inherited: OptionSpec[]) => {
    const options = withoutRedefined([...command.options, ...inherited]);
    out.push({ path, command, options });
    for (const sub of command.commands) visit(sub, [...path, sub.name], options);
  };
  visit(program, [], []);
  return out;
}

/**
 * Keeps each flag's nearest definition: an option whose every flag a nearer one defines is dropped (a
 * subcommand's own -h, --help), one with only some of them redefined keeps the others.
 */
function withoutRedefined(options: OptionSpec[]): OptionSpec[] {
  const seen = new Set<string>();
  const out: OptionSpec[] = [];
  for (const o of options) {
    const [short, long] = [o.short, o.long].map((f) => (f !== undefined && !seen.has(f) ? f : undefined));
    flagsOf(o).forEach((f) => seen.add(f));
    if (short === undefined && long === undefined) continue;
    const { short: _s, long: _l, ...rest } = o;
    out.push(short === o.short && long === o.long ? o : { ...rest, ...(short ? { short } : {}), ...(long ? { long } : {}) });
  }
  return out;
}

export function flagsOf(option: OptionSpec): string[] {
  return [option.short, option.long].filter((f): f is string => f !== undefined);
}

/** One line, no control characters: a description as every shell's menu shows it. */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A word for bash or zsh, single-quoted so that nothing in it is expanded. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A name as part of a shell function name. */
export const identifier = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');
