import { describe, expect, it } from 'vitest';
import { completionScript } from '../../src/output/completion.js';
import { SHELLS } from '../../src/output/completion-shells.js';
import { commandsOf, flagsOf, type CommandSpec, type OptionSpec } from '../../src/output/completion-tree.js';

const help: OptionSpec = { short: '-h', long: '--help', description: 'show help', repeatable: false };

/** A small program: a global -o with formats, a group with a leaf that has a file option, a repeatable filter and choices. */
function tree(): CommandSpec {
  return {
    name: 'tool',
    description: 'a tool',
    options: [{ short: '-o', long: '--output', description: 'format', value: { name: 'format', choices: ['table', 'json'] }, repeatable: false }, help],
    arguments: [],
    commands: [
      {
        name: 'things',
        description: "things: the tool's [main] job",
        options: [help],
        arguments: [],
        commands: [
          {
            name: 'list',
            description: 'list things',
            options: [
              { long: '--level', description: 'at least this level', value: { name: 'level', choices: ['low', 'high'] }, repeatable: false },
              { long: '--cluster', description: 'only this cluster', value: { name: 'name' }, repeatable: true },
              { long: '--rules', description: 'a rules file', value: { name: 'file', files: true }, repeatable: false },
              { long: '--dry-run', description: 'change nothing', repeatable: false },
              // A subcommand may give a global flag its own values: the nearer definition wins.
              { long: '--output', description: 'list formats', value: { name: 'format', choices: ['csv'] }, repeatable: false },
              help,
            ],
            arguments: [{ name: 'id', description: 'thing ids', required: false, variadic: true }],
            commands: [],
          },
        ],
      },
      {
        name: 'check',
        description: 'check a file',
        options: [help],
        arguments: [{ name: 'file', description: 'the file', required: true, variadic: false, files: true }],
        commands: [],
      },
    ],
  };
}

describe('the command tree', () => {
  it('lists every command with its own options first, then its ancestors\', a redefined flag once', () => {
    const at = commandsOf(tree());
    expect(at.map((c) => c.path.join(' '))).toEqual(['', 'things', 'things list', 'check']);
    const list = at.find((c) => c.path.join(' ') === 'things list')!;
    expect(list.options.map((o) => flagsOf(o).join(','))).toEqual(['--level', '--cluster', '--rules', '--dry-run', '--output', '-h,--help', '-o']);
    // -o alone still comes from the program: its --output spelling is redefined, -o is not.
    expect(list.options.find((o) => o.long === '--output')?.value?.choices).toEqual(['csv']);
    expect(list.options.find((o) => o.short === '-o')?.value?.choices).toEqual(['table', 'json']);
  });
});

describe('bash', () => {
  const script = completionScript('bash', tree());

  it('registers one function for the program, without needing the bash-completion package', () => {
    expect(script).toMatch(/^complete -F _tool tool$/m);
    expect(script).not.toMatch(/_get_comp_words_by_ref|_init_completion|mapfile/);
  });

  it('knows each command path\'s subcommands, flags, values and arguments', () => {
    expect(script).toContain(`'') REPLY='things check' ;;`);
    expect(script).toContain(`'things') REPLY='list' ;;`);
    expect(script).toContain(`'things list') REPLY='--level --cluster --rules --dry-run --output -h --help -o' ;;`);
    expect(script).toContain(`'things list|--level' | 'things list '*'|--level') REPLY='words low high' ;;`);
    expect(script).toContain(`'things list|--rules' | 'things list '*'|--rules') REPLY='files' ;;`);
    expect(script).toContain(`'things list|--cluster' | 'things list '*'|--cluster') REPLY='text' ;;`);
    expect(script).toContain(`*'|-o' | *'|--output') REPLY='words table json' ;;`);
    expect(script).toContain(`'check') case $2 in 0) REPLY='files' ;; *) return 1 ;; esac ;;`);
    expect(script).toContain(`'things list') case $2 in *) REPLY='text' ;; esac ;;`);
    // A switch takes no value: no case, so the word after it is not skipped.
    expect(script).not.toContain('|--dry-run');
  });

  it('matches a nearer definition of a flag before the program\'s', () => {
    expect(script.indexOf(`'things list|--output'`)).toBeLessThan(script.indexOf(`*'|--output'`));
  });
});

describe('zsh', () => {
  const script = completionScript('zsh', tree());

  it('is a #compdef file for fpath that also registers itself when sourced', () => {
    expect(script.split('\n')[0]).toBe('#compdef tool');
    expect(script).toContain('compdef _tool tool');
    expect(script).toMatch(/if \[\[ \$\{funcstack\[1\]\} == _tool \]\]; then\n {2}_tool "\$@"/);
  });

  it('one function per command, subcommands described, options with their values', () => {
    for (const fn of ['_tool()', '_tool__things()', '_tool__things__list()', '_tool__check()']) expect(script).toContain(fn);
    expect(script).toContain(`'list:list things'`);
    expect(script).toContain(`'(-o --output)-o+[format]:format:(table json)'`);
    expect(script).toContain(`'--level=[at least this level]:level:(low high)'`);
    expect(script).toContain(`'--rules=[a rules file]:file:_files'`);
    // A repeatable filter may come again; free text completes nothing but says what it wants.
    expect(script).toContain(`'*--cluster=[only this cluster]:name: '`);
    expect(script).toContain(`'--dry-run[change nothing]'`);
    expect(script).toContain(`':the file:_files'`);
    expect(script).toContain(`'*:thing ids: '`);
  });

  it('escapes what _arguments and the shell would read as syntax', () => {
    // things: the tool's [main] job → the quote closed and reopened, the colon kept in a _describe description.
    expect(script).toContain(`'things:things: the tool'\\''s [main] job'`);
    const t = tree();
    t.options[0]!.description = 'a [bracketed] note: with colon\\';
    expect(completionScript('zsh', t)).toContain(`'(-o --output)-o+[a \\[bracketed\\] note\\: with colon\\\\]:format:(table json)'`);
  });
});

describe('fish', () => {
  const script = completionScript('fish', tree());

  it('offers no file names unless asked, and subcommands under their path', () => {
    expect(script).toContain('complete -c tool -f\n');
    expect(script).toContain(`complete -c tool -n '__tool_at \\'\\'' -a 'things' -d 'things: the tool\\'s [main] job'`);
    expect(script).toContain(`complete -c tool -n '__tool_at \\'things\\'' -a 'list' -d 'list things'`);
  });

  it('program options everywhere, a command\'s options under it, each with what its value takes', () => {
    // Not where a subcommand gives --output values of its own (fish would offer both lists), but -o still there.
    expect(script).toContain(`complete -c tool -n 'not __tool_under \\'things list\\'' -s o -l output -x -a 'table json' -d 'format'`);
    expect(script).toContain(`complete -c tool -n '__tool_under \\'things list\\'' -s o -x -a 'table json' -d 'format'`);
    expect(script).toContain(`complete -c tool -n '__tool_under \\'things list\\'' -l output -x -a 'csv' -d 'list formats'`);
    expect(script).toContain(`complete -c tool -n '__tool_under \\'things list\\'' -l level -x -a 'low high' -d 'at least this level'`);
    expect(script).toContain(`complete -c tool -n '__tool_under \\'things list\\'' -l rules -r -F -d 'a rules file'`);
    expect(script).toContain(`complete -c tool -n '__tool_under \\'things list\\'' -l cluster -x -d 'only this cluster'`);
    expect(script).toContain(`complete -c tool -n '__tool_at \\'check\\'' -F -d 'the file'`);
    // Each command's own -h, --help repeats the program's: offered once.
    expect(script.match(/-l help/g)).toHaveLength(1);
  });

  it('knows which flags take a value, so the walk over the typed words skips it', () => {
    expect(script).toMatch(/case 'things list'\n {12}printf '%s\\n' '--level' '--cluster' '--rules' '--output' '-o'/);
  });
});

describe('every shell', () => {
  it('the same tree gives the same script; a new option appears in each', () => {
    for (const shell of SHELLS) {
      expect(completionScript(shell, tree())).toBe(completionScript(shell, tree()));
      const t = tree();
      t.commands[1]!.options.push({ long: '--brand-new', description: 'added later', value: { name: 'mode', choices: ['fast', 'slow'] }, repeatable: false });
      const script = completionScript(shell, t);
      expect(script).toContain('brand-new');
      expect(script).toContain('fast');
      expect(completionScript(shell, tree())).not.toContain('brand-new');
    }
  });

  it('descriptions are one line whatever they held', () => {
    const t = tree();
    t.commands[0]!.description = 'two\nlines\twith\x1b[31m escapes';
    for (const shell of ['zsh', 'fish'] as const) {
      const script = completionScript(shell, t);
      expect(script).toContain('two lines with [31m escapes');
      expect(script).not.toContain('\x1b');
    }
  });
});
