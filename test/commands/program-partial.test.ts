import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, invokedCommandName, type ProgramDeps } from '../../src/program.js';
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

const TOP_LEVEL = buildProgram(deps).commands.map((c) => c.name());
/** Every command below the root, as `[findings, list]`, with its help text. */
const helps = (program: Command): Map<string, string> => {
  const out = new Map<string, string>();
  const walk = (c: Command, path: string[]) => {
    for (const s of c.commands) {
      out.set([...path, s.name()].join(' '), s.helpInformation());
      walk(s, [...path, s.name()]);
    }
  };
  walk(program, []);
  return out;
};

describe('invokedCommandName: the command commander will run, read before the program is built', () => {
  const root = buildProgram(deps, ['validate', 'x']);
  it.each([
    [['validate', 'f.json'], 'validate'],
    [['findings', 'list', '--severity', 'high'], 'findings'],
    [['--region', 'us-east-1', 'status'], 'status'],
    [['--region', '--weird', 'status'], 'status'],
    [['-o', 'json', 'validate', 'f'], 'validate'],
    [['-ojson', 'usage'], 'usage'],
    [['--output=json', '--no-color', '--debug', 'enable'], 'enable'],
    [['--max-attempts', '3', '--connect-timeout', '1', '--read-timeout', '2', '--profile', 'p', '--regions', 'a,b', 'usage'], 'usage'],
    [['nonexistent'], 'nonexistent'],
    [['-'], '-'],
  ])('%j → %s', (args, name) => {
    expect(invokedCommandName(root, args)).toBe(name);
  });
  it.each([[[]], [['--help']], [['-h', 'validate']], [['--version']], [['-v', 'status']], [['--', 'validate']], [['--unknown', 'validate']], [['--debug=1', 'status']], [['-o']]])(
    '%j → not certain (every command is built)',
    (args) => {
      expect(invokedCommandName(root, args)).toBeUndefined();
    },
  );
});

describe('buildProgram(deps, args) defines only the command that args run', () => {
  const full = helps(buildProgram(deps));

  it.each(TOP_LEVEL.filter((n) => n !== 'help' && n !== 'completion'))('%s alone: the same commands, options and help as in the whole program', (name) => {
    const program = buildProgram(deps, ['--region', 'us-east-1', name]);
    expect(program.commands.map((c) => c.name())).toEqual([name]);
    const alone = helps(program);
    expect(alone.size).toBeGreaterThan(0);
    for (const [path, text] of alone) expect(text, path).toBe(full.get(path));
    expect([...full.keys()].filter((p) => p === name || p.startsWith(`${name} `))).toEqual([...alone.keys()]);
    expect(program.helpInformation()).not.toBe(buildProgram(deps).helpInformation());
  });

  it.each([[['help', 'findings']], [['completion', 'bash']], [['validat']], [['--help']], [[]]])('%j: every command', (args) => {
    expect(buildProgram(deps, args).commands.map((c) => c.name())).toEqual(TOP_LEVEL);
  });
});

describe('through the CLI, the command defined alone behaves as before', () => {
  it('a repeated single-value option of the command that runs is still refused', async () => {
    const r = await runCli(['findings', 'list', '--severity', 'high', '--severity', 'low']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--severity given twice ("high", then "low")');
  });
  it('a repeated global option given before the command is refused', async () => {
    const r = await runCli(['--region', 'us-east-1', '--region', 'eu-west-1', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--region given twice');
  });
  it('a misspelt command still gets a suggestion', async () => {
    const r = await runCli(['validat', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean validate?');
  });
  it('a misspelt subcommand still gets a suggestion', async () => {
    const r = await runCli(['suppress', 'lst']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean list?');
  });
});
