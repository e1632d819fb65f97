import { Option, type Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProgram } from '../../src/commands/completion-tree.js';
import { SORT_KEYS } from '../../src/domain/findings-criteria.js';
import { OUTPUT_FORMATS } from '../../src/domain/globals.js';
import { SEVERITY_NAMES } from '../../src/domain/severity.js';
import { completionScript } from '../../src/output/completion.js';
import { SHELLS } from '../../src/output/completion-shells.js';
import type { CommandSpec } from '../../src/output/completion-tree.js';
import { commandsOf } from '../../src/output/completion-tree.js';
import { buildProgram, formatsOf, isRepeatable, type ProgramDeps } from '../../src/program.js';
import { runCli } from '../helpers/cli.js';

const deps: ProgramDeps = {
  makeIo: () => {
    throw new Error('not run');
  },
  signal: new AbortController().signal,
  onForcedExit: () => undefined,
  setExitCode: () => undefined,
  writeOut: () => undefined,
  writeErr: () => undefined,
};

const describe_ = (program: Command) => describeProgram(program, { isRepeatable, formatsOf });
const find = (tree: CommandSpec, ...path: string[]): CommandSpec =>
  path.reduce((c, name) => {
    const next = c.commands.find((s) => s.name === name);
    if (!next) throw new Error(`no command ${path.join(' ')}`);
    return next;
  }, tree);
const option = (c: CommandSpec, long: string) => c.options.find((o) => o.long === long);

describe('the completion tree of the real program', () => {
  const tree = describe_(buildProgram(deps));

  it('has every command commander has, nested ones included', () => {
    const program = buildProgram(deps);
    const names = (c: Command): string[] => c.commands.flatMap((s) => [s.name(), ...names(s).map((n) => `${s.name()} ${n}`)]);
    const specNames = (c: CommandSpec): string[] => c.commands.flatMap((s) => [s.name, ...specNames(s).map((n) => `${s.name} ${n}`)]);
    expect(specNames(tree)).toEqual(names(program));
    expect(specNames(tree)).toEqual(expect.arrayContaining(['findings list', 'suppress apply', 'completion', 'help']));
  });

  it('values come from where they are checked: formats, severities, sort keys, levels, shells', () => {
    expect(option(tree, '--output')?.value?.choices).toEqual(OUTPUT_FORMATS);
    expect(option(find(tree, 'findings', 'list'), '--severity')?.value?.choices).toEqual(SEVERITY_NAMES);
    expect(option(find(tree, 'findings', 'list'), '--fail-on')?.value?.choices).toEqual(SEVERITY_NAMES);
    expect(option(find(tree, 'findings', 'list'), '--sort')?.value?.choices).toEqual(SORT_KEYS);
    expect(option(find(tree, 'enable'), '--auto-enable')?.value?.choices).toEqual(['new', 'all', 'none']);
    expect(option(find(tree, 'suppress', 'add'), '--action')?.value?.choices).toEqual(['archive', 'noop']);
    expect(option(find(tree, 'enable'), '--frequency')?.value?.choices).toEqual(['15m', '1h', '6h']);
    expect(find(tree, 'export-frequency').arguments[0]?.choices).toEqual(['15m', '1h', '6h']);
    expect(find(tree, 'export-destination').arguments[0]?.choices).toEqual(['s3']);
    expect(find(tree, 'completion').arguments[0]?.choices).toEqual(SHELLS);
    expect(find(tree, 'help').arguments[0]?.choices).toContain('findings');
  });

  it('a value named <file> completes file names; free text (a cluster name) completes nothing', () => {
    expect(option(find(tree, 'enable'), '--features')?.value).toEqual({ name: 'file', files: true });
    expect(option(find(tree, 'suppress', 'apply'), '--file')?.value).toEqual({ name: 'file', files: true });
    expect(find(tree, 'validate').arguments[0]).toMatchObject({ name: 'file', files: true, required: true });
    expect(option(find(tree, 'status'), '--cluster')?.value).toEqual({ name: 'name' });
  });

  it('repeatable filters are marked (zsh offers them again), single-value options are not', () => {
    expect(option(find(tree, 'findings', 'list'), '--cluster')?.repeatable).toBe(true);
    expect(option(find(tree, 'findings', 'list'), '--severity')?.repeatable).toBe(false);
  });
});

describe('-o offers, per command, the formats the command accepts', () => {
  const tree = describe_(buildProgram(deps));
  /** What -o offers at a command path: the nearest definition of --output (its own, else its ancestors'). */
  const offered = (path: string) => commandsOf(tree).find((c) => c.path.join(' ') === path)?.options.find((o) => o.long === '--output')?.value?.choices;

  it('export-frequency: table, json and ndjson; findings list, status and usage: all five; enable: markdown too', () => {
    expect(offered('export-frequency')).toEqual(['table', 'json', 'ndjson']);
    expect(offered('findings watch')).toEqual(['table', 'json', 'ndjson']);
    for (const path of ['findings list', 'status', 'usage']) expect(offered(path), path).toEqual(OUTPUT_FORMATS);
    expect(offered('enable')).toEqual(['table', 'json', 'ndjson', 'markdown']);
    // Before a command is named (gdeks -o <TAB>), and under a group, every format some command takes.
    expect(offered('')).toEqual(OUTPUT_FORMATS);
    expect(offered('findings')).toEqual(OUTPUT_FORMATS);
  });

  it('a command whose formats are the program\'s has no -o of its own: each script lists the flag once', () => {
    expect(option(find(tree, 'findings', 'list'), '--output')).toBeUndefined();
    expect(option(find(tree, 'export-frequency'), '--output')?.description).toBe('output format: table, json or ndjson');
    for (const c of commandsOf(tree)) expect(c.options.filter((o) => o.long === '--output'), c.path.join(' ')).toHaveLength(1);
  });

  describe('each command, run with each format: refused (exit 2, "cannot print") exactly when -o does not offer it', () => {
    // Past the format check, a malformed AWS_MAX_ATTEMPTS stops every AWS command before any call (its own usage error).
    const saved = process.env.AWS_MAX_ATTEMPTS;
    beforeAll(() => void (process.env.AWS_MAX_ATTEMPTS = 'not-a-number'));
    afterAll(() => void (saved === undefined ? delete process.env.AWS_MAX_ATTEMPTS : (process.env.AWS_MAX_ATTEMPTS = saved)));
    /** Words for a command's required arguments: one of its values, a file, or any text. */
    const argumentsOf = (c: CommandSpec) =>
      c.arguments.filter((a) => a.required || c.name === 'completion').map((a) => a.choices?.[0] ?? (a.files ? 'examples/config.json' : 'x'));

    for (const c of commandsOf(tree).filter((at) => at.path.length > 0 && at.command.commands.length === 0)) {
      const path = c.path.join(' ');
      it(path, async () => {
        const choices = c.options.find((o) => o.long === '--output')?.value?.choices ?? [];
        expect(choices.length).toBeGreaterThanOrEqual(3);
        for (const format of OUTPUT_FORMATS) {
          const r = await runCli([...c.path, ...argumentsOf(c.command), '-o', format]);
          if (choices.includes(format)) expect(r.stderr, `${path} -o ${format}`).not.toContain('cannot print');
          else {
            expect(r.code, `${path} -o ${format}`).toBe(2);
            expect(r.stderr).toContain(`${path} cannot print ${format}; use ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`);
          }
        }
      });
    }
  });
});

describe('generated at run time from the definitions', () => {
  it('an option added to a command after the program is built appears in every shell\'s script', () => {
    const program = buildProgram(deps);
    const status = program.commands.find((c) => c.name() === 'status')!;
    for (const shell of SHELLS) expect(completionScript(shell, describe_(program))).not.toContain('--brand-new');
    status.addOption(new Option('--brand-new <mode>', 'a mode added by this test').choices(['swift', 'thorough']));
    status.option('--plan <file>', 'a file added by this test');
    const tree = describe_(program);
    expect(option(find(tree, 'status'), '--brand-new')?.value?.choices).toEqual(['swift', 'thorough']);
    for (const shell of SHELLS) {
      const script = completionScript(shell, tree);
      expect(script).toContain('brand-new');
      expect(script).toContain('thorough');
    }
    expect(completionScript('bash', tree)).toContain(`'status|--brand-new' | 'status '*'|--brand-new') REPLY='words swift thorough' ;;`);
    expect(completionScript('bash', tree)).toContain(`'status|--plan' | 'status '*'|--plan') REPLY='files' ;;`);
  });

  it('a new command appears with its options', () => {
    const program = buildProgram(deps);
    program.command('newcmd').description('added by this test').option('--speed <level>', 'how fast');
    const bash = completionScript('bash', describe_(program));
    expect(bash).toMatch(/'' *\) REPLY='[^']*\bnewcmd\b/);
    expect(bash).toContain(`'newcmd') REPLY='--speed -h --help`);
  });
});

describe('gdeks completion', () => {
  it('prints the script on stdout, exit 0, nothing on stderr', async () => {
    for (const shell of SHELLS) {
      const r = await runCli(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(completionScript(shell, describe_(buildProgram(deps))));
    }
  });

  it('a missing or unknown shell: exit 2, naming the shells', async () => {
    const missing = await runCli(['completion']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('error: name a shell: bash, zsh, fish');
    const unknown = await runCli(['completion', 'zhs']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('"zhs" is not a shell gdeks writes completion for; use one of bash, zsh, fish (did you mean zsh?)');
  });

  it('--help names the shells and shows how to install each', async () => {
    const r = await runCli(['completion', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['source <(gdeks completion bash)', '_gdeks', 'completions/gdeks.fish', 'bash, zsh, fish']) expect(r.stdout).toContain(text);
  });
});
