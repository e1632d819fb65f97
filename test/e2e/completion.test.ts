// `gdeks completion <shell>` from the built binary, loaded into the real shells: bash always (the machine has
// it), zsh and fish when installed (skipped with a message otherwise). Each shell is asked what it would
// complete for a typed line, the way it asks when the user presses TAB.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, binEnv, runBin } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'gdeks-completion-'));
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
const hasZsh = has('zsh');
const hasFish = has('fish');
if (!hasZsh) console.warn('skipping the zsh completion checks: zsh is not installed (apt-get install zsh)');
if (!hasFish) console.warn('skipping the fish completion checks: fish is not installed (apt-get install fish)');

// status takes every format (csv and markdown too); the completion offers the words -o is checked against.
const FORMATS = ['table', 'json', 'ndjson', 'csv', 'markdown'];
// What most commands print (`export-frequency -o csv` is refused): -o offers only these there.
const BASIC = ['table', 'json', 'ndjson'];

/** A file the completions should offer, and one beside it that must not match the prefix typed. */
const files = join(dir, 'files');
mkdirSync(files);
writeFileSync(join(files, 'features.json'), '[]');
writeFileSync(join(files, 'other.txt'), '');

async function script(shell: string): Promise<string> {
  const r = await runBin(['completion', shell]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('gdeks completion bash, sourced into bash', () => {
  let path = '';
  beforeAll(async () => {
    path = join(dir, 'gdeks.bash');
    writeFileSync(path, await script('bash'));
  });

  /** COMPREPLY for the words typed, the last being the one under the cursor, as bash's programmable completion sets it up. */
  function complete(...words: string[]): string[] {
    const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source "$1" && COMP_WORDS=(${quoted}) && COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)) && _gdeks && printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', path], {
      encoding: 'utf8',
      env: binEnv(),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('is registered for gdeks by complete -F', () => {
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', 'source "$1" && complete -p gdeks', 'bash', path], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('complete -F _gdeks gdeks');
  });

  it('gdeks fi<TAB> → findings; gdeks findings l<TAB> → list', () => {
    expect(complete('gdeks', 'fi')).toEqual(['findings']);
    expect(complete('gdeks', 'findings', 'l')).toEqual(['list']);
    expect(complete('gdeks', 'suppress', '')).toEqual(['add', 'list', 'remove', 'apply']);
  });

  it('gdeks findings list --sev<TAB> → --severity, and its levels after it', () => {
    expect(complete('gdeks', 'findings', 'list', '--sev')).toEqual(['--severity']);
    expect(complete('gdeks', 'findings', 'list', '--severity', '')).toEqual(['low', 'medium', 'high', 'critical']);
    expect(complete('gdeks', 'findings', 'list', '--sort', '')).toEqual(['severity', 'updated']);
  });

  it('gdeks status -o <TAB> → the formats, also as --output=, and before the command', () => {
    expect(complete('gdeks', 'status', '-o', '')).toEqual(FORMATS);
    expect(complete('gdeks', 'status', '--output', '=', 'nd')).toEqual(['ndjson']);
    // The value of -o is skipped on the way to the command.
    expect(complete('gdeks', '-o', 'json', 'findings', 'li')).toEqual(['list']);
  });

  it('-o <TAB> offers the formats the command accepts: no csv or markdown where it would be refused', () => {
    expect(complete('gdeks', 'export-frequency', '-o', '')).toEqual(BASIC);
    expect(complete('gdeks', 'export-frequency', '15m', '--output', '=', '')).toEqual(BASIC);
    expect(complete('gdeks', 'findings', 'watch', '--output=c')).toEqual([]);
    expect(complete('gdeks', 'findings', 'list', '-o', '')).toEqual(FORMATS);
    expect(complete('gdeks', 'findings', 'list', '--output=c')).toEqual(['--output=csv']);
    expect(complete('gdeks', 'enable', '-o', '')).toEqual([...BASIC, 'markdown']);
    expect(complete('gdeks', 'suppress', 'list', '-o', '')).toEqual(BASIC);
  });

  it('file values and arguments complete file names', () => {
    expect(complete('gdeks', 'enable', '--features', join(files, 'fea'))).toEqual([join(files, 'features.json')]);
    expect(complete('gdeks', 'validate', join(files, 'fea'))).toEqual([join(files, 'features.json')]);
    expect(complete('gdeks', 'suppress', 'apply', '--file', join(files, 'o'))).toEqual([join(files, 'other.txt')]);
  });

  it('known argument values: shells, frequencies, commands for help; nothing for free text', () => {
    expect(complete('gdeks', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('gdeks', 'export-frequency', '')).toEqual(['15m', '1h', '6h']);
    expect(complete('gdeks', 'help', 'sup')).toEqual(['suppress']);
    expect(complete('gdeks', 'status', '--cluster', '')).toEqual([]);
    expect(complete('gdeks', 'enable', '--auto-enable', '')).toEqual(['new', 'all', 'none']);
  });
});

describe.skipIf(!hasZsh)('gdeks completion zsh, in zsh', () => {
  let fpathDir = '';
  beforeAll(async () => {
    fpathDir = join(dir, 'zsh-functions');
    mkdirSync(fpathDir, { recursive: true });
    writeFileSync(join(fpathDir, '_gdeks'), await script('zsh'));
  });

  it('zsh -n: the script parses', () => {
    const r = spawnSync('zsh', ['-n', join(fpathDir, '_gdeks')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /**
   * The words zsh's completion system offers for each line, found from fpath as an installed _gdeks would be:
   * one interactive zsh on a pseudo-terminal (zpty) gets each line and a TAB, and a compadd wrapper records
   * what the completion functions add, in a file per line.
   */
  function complete(lines: string[]): string[][] {
    const out = (i: number) => join(dir, `zsh-offered-${i}.txt`);
    lines.forEach((_, i) => writeFileSync(out(i), ''));
    const driver = [
      'zmodload zsh/zpty',
      'zpty z zsh -f -i',
      `zpty -w z "fpath=(\${(q)1} \\$fpath); autoload -U compinit; compinit -u -D"`,
      `zpty -w z 'compadd() { if (( \${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi; local -a h; builtin compadd -O h "$@"; (( $#h )) && print -rl -- \${h} >> $offered; builtin compadd "$@"; }'`,
      // TAB completes, then says so: the next keys are sent only once completion is over (keys typed
      // ahead while it runs can cut it short).
      `zpty -w z 'complete-then-say() { zle complete-word; zle -M "COMPLETED-$offered"; }; zle -N complete-then-say; bindkey "^I" complete-then-say'`,
      // Markers are spelt in two pieces so that the echo of the typed command does not match them.
      `zpty -w z "print RE''ADY"`,
      `zpty -r -m z all '*READY*' || exit 1`,
      'for i in {1..$(( ($# - 1) / 2 ))}; do',
      '  zpty -w z "offered=${(q)argv[2 * i]}"',
      `  zpty -n -w z "\${argv[2 * i + 1]}"$'\\t'`,
      `  zpty -r -m z all "*COMPLETED-\${argv[2 * i]}*" || exit 1`,
      `  zpty -w z $'\\C-u'"print EN''D-$i-"`,
      `  zpty -r -m z all "*END-$i-*" || exit 1`,
      'done',
      'zpty -d z',
    ].join('\n');
    const args = lines.flatMap((line, i) => [out(i), line]);
    const r = spawnSync('zsh', ['-f', '-c', driver, 'zsh', fpathDir, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...binEnv(), TERM: 'dumb' } });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    return lines.map((_, i) => readFileSync(out(i), 'utf8').split('\n').filter((l) => l !== ''));
  }

  it('commands, subcommands, options and their values, loaded from fpath', () => {
    const cases: Array<[string, string[]]> = [
      ['gdeks fi', ['findings']],
      ['gdeks findings l', ['list']],
      ['gdeks findings list --sev', ['--severity']],
      ['gdeks status -o ', FORMATS],
      ['gdeks findings list -o ', FORMATS],
      ['gdeks export-frequency -o ', BASIC],
      ['gdeks findings watch --output=', BASIC],
      ['gdeks enable -o ', [...BASIC, 'markdown']],
      ['gdeks -o json findings li', ['list']],
      ['gdeks completion ', ['bash', 'zsh', 'fish']],
      ['gdeks findings list --cluster prod --cl', ['--cluster']],
      [`gdeks validate ${join(files, 'fea')}`, ['features.json']],
    ];
    const offered = complete(cases.map(([line]) => line));
    expect(cases.map(([line], i) => [line, offered[i]])).toEqual(cases);
  });
});

describe.skipIf(!hasFish)('gdeks completion fish, in fish', () => {
  let path = '';
  beforeAll(async () => {
    path = join(dir, 'gdeks.fish');
    writeFileSync(path, await script('fish'));
  });

  it('fish -n: the script parses', () => {
    const r = spawnSync('fish', ['--no-execute', path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /** The candidates fish offers for a line (`complete -C`), without their descriptions. */
  function complete(line: string): string[] {
    const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; and complete -C $argv[2]', path, line], { encoding: 'utf8', env: binEnv() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] as string);
  }

  it('commands, subcommands, options and their values', () => {
    expect(complete('gdeks fi')).toEqual(['findings']);
    expect(complete('gdeks findings l')).toEqual(['list']);
    expect(complete('gdeks findings list --sev')).toEqual(['--severity']);
    // fish sorts what it offers.
    expect(complete('gdeks status -o ')).toEqual([...FORMATS].sort());
    expect(complete('gdeks findings list -o ')).toEqual([...FORMATS].sort());
    expect(complete('gdeks export-frequency -o ')).toEqual([...BASIC].sort());
    expect(complete('gdeks findings watch --output=')).toEqual(BASIC.map((f) => `--output=${f}`).sort());
    expect(complete('gdeks enable -o ')).toEqual([...BASIC, 'markdown'].sort());
    expect(complete('gdeks -o json findings li')).toEqual(['list']);
    expect(complete('gdeks suppress add x --action ')).toEqual(['archive', 'noop']);
    expect(complete(`gdeks enable --features ${join(files, 'fea')}`)).toEqual([join(files, 'features.json')]);
  });

  it('the description of each subcommand is shown beside it', () => {
    const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; and complete -C $argv[2]', path, 'gdeks findings sa'], { encoding: 'utf8' });
    expect(r.stdout).toBe('sample\tcreate sample EKS findings, to test an alerting pipeline\n');
  });
});

describe('gdeks completion, the binary', () => {
  it('a missing or unknown shell: exit 2, the shells named, nothing on stdout', async () => {
    for (const args of [['completion'], ['completion', 'powershell']]) {
      const r = await runBin(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('bash, zsh, fish');
    }
  });

  it('does not load the AWS SDK (only the enums its value lists come from)', () => {
    const log = join(dir, 'loaded.txt');
    const hook = join(dir, 'record-loads.mjs');
    // A module hook (node:module register) that notes every module file Node loads.
    const recorder = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }`;
    writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(recorder)}`)});\n`);
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', hook, BIN, 'completion', 'bash'], { encoding: 'utf8', env: binEnv() });
    expect(r.status).toBe(0);
    const chunks = readFileSync(log, 'utf8').split('\n').filter((u) => /\/dist\/[^/]+\.js$/.test(u));
    expect(chunks.length).toBeGreaterThan(1);
    // Which sources each loaded chunk was bundled from, by its source map.
    const sources = chunks.flatMap((u) => (JSON.parse(readFileSync(`${new URL(u).pathname}.map`, 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((s) => s.includes('src/commands/completion.ts'))).toBe(true);
    const sdk = sources.filter((s) => /node_modules\/@smithy\/|node_modules\/@aws-sdk\/(?!client-[a-z-]+\/dist-es\/models\/enums\.js$)/.test(s));
    expect(sdk).toEqual([]);
  });
});
