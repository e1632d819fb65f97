import type { Argument, Command, Option } from 'commander';
import type { ArgumentSpec, CommandSpec, OptionSpec, ValueSpec } from '../output/completion-tree.js';
import { argumentValues, OPTION_VALUES } from './completion-values.js';
import { wordList } from '../text/word-list.js';

/** What commander's definitions do not say by themselves (src/program.ts knows which options are repeatable). */
export interface ProgramFacts {
  isRepeatable(option: Option): boolean;
  /** The -o formats a command accepts, where it declares them (src/program.ts); its ancestors' otherwise. */
  formatsOf?(command: Command): readonly string[] | undefined;
}

const OUTPUT_FLAG = '--output';

/** A value named <file> (`--features <file>`, `validate <file>`) is a file name: the shells offer files. */
const FILE_PLACEHOLDER = 'file';

/**
 * The program's commands, options and arguments as the completion generators take them (src/output/completion.ts):
 * read from commander at run time, so a new command or option is completed without touching the generators.
 * Options are those the help lists (hidden ones stay hidden); an ancestor's options apply under it.
 */
export function describeProgram(program: Command, facts: ProgramFacts): CommandSpec {
  const argumentWords = argumentValues(program);
  const value = (name: string, choices: readonly string[] | undefined): ValueSpec =>
    name === FILE_PLACEHOLDER ? { name, files: true } : choices && choices.length > 0 ? { name, choices } : { name };

  const option = (o: Option): OptionSpec => {
    const placeholder = /[<[]([^>\]]*?)(\.\.\.)?[>\]]/.exec(o.flags)?.[1];
    const takesValue = o.required || o.optional;
    return {
      ...(o.short ? { short: o.short } : {}),
      ...(o.long ? { long: o.long } : {}),
      description: o.description,
      ...(takesValue ? { value: value(placeholder ?? 'value', o.argChoices ?? (o.long ? OPTION_VALUES[o.long] : undefined)) } : {}),
      repeatable: facts.isRepeatable(o) || o.variadic,
    };
  };
  const argument = (path: string[], a: Argument): ArgumentSpec => ({
    ...value(a.name(), a.argChoices ?? argumentWords[[...path, a.name()].join(' ')]),
    description: a.description,
    required: a.required,
    variadic: a.variadic,
  });
  /**
   * A command that accepts fewer -o formats than the -o it inherits offers gets an -o of its own offering just
   * those (the nearest definition wins in every script), so `export-frequency -o <TAB>` offers no csv.
   */
  const ownOutput = (cmd: Command, inherited: OptionSpec | undefined): OptionSpec | undefined => {
    const formats = facts.formatsOf?.(cmd);
    if (!inherited?.value || formats === undefined) return undefined;
    if (JSON.stringify(formats) === JSON.stringify(inherited.value.choices)) return undefined;
    return { ...inherited, description: `output format: ${wordList(formats)}`, value: { ...inherited.value, choices: formats } };
  };
  const command = (cmd: Command, path: string[], inheritedOutput: OptionSpec | undefined): CommandSpec => {
    const help = cmd.createHelp();
    // visibleCommands may add commander's implicit help command, which gdeks replaces with its own.
    const subcommands = help.visibleCommands(cmd).filter((c) => cmd.commands.includes(c));
    const options = help.visibleOptions(cmd).map(option);
    const at = options.findIndex((o) => o.long === OUTPUT_FLAG);
    const own = ownOutput(cmd, options[at] ?? inheritedOutput);
    if (own) options.splice(at < 0 ? options.length : at, 1, own);
    const output = options.find((o) => o.long === OUTPUT_FLAG) ?? inheritedOutput;
    return {
      name: cmd.name(),
      description: cmd.description(),
      options,
      arguments: cmd.registeredArguments.map((a) => argument(path, a)),
      commands: subcommands.map((c) => command(c, [...path, c.name()], output)),
    };
  };
  return command(program, [], undefined);
}
