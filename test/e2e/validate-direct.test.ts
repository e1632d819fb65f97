import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { runInTerminal, terminalUnavailable } from '../helpers/terminal.js';

/**
 * `gdeks validate FILE`, typed exactly so, runs dist/validate.js (bin/gdeks.js): the CLI built for that alone,
 * without commander. `gdeks validate -- FILE` is the same request through commander (dist/cli.js). A user must
 * not be able to tell them apart: same output, same errors, same exit code.
 */
const dir = mkdtempSync(join(tmpdir(), 'gdeks-validate-direct-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
mkdirSync(join(dir, 'a-directory'));

const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const CASES: Array<[string, string]> = [
  ['the example (valid, with a deprecation note)', EXAMPLE],
  ['a valid file without notes', file('ok.json', '[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]')],
  ['a trailing comma', file('comma.json', '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"},]')],
  ['several shape problems', file('shape.json', '[{"Name":"EKS_AUDIT_LOG","Status":"ON"},{"Name":"EKS_AUDIT_LOGS"},{"Name":"S3_DATA_EVENTS","Status":"ENABLED","Extra":1}]')],
  ['an empty file', file('empty.json', '')],
  ['escape bytes and a secret in the file', file('hostile.json', '[{"Name":"\u001b[2J AKIAABCDEFGHIJKLMNOP","Status":"ENABLED"}]')],
  ['a file that does not exist', join(dir, 'missing.json')],
  ['a directory', join(dir, 'a-directory')],
  ['a file:// name', `file://${EXAMPLE}`],
];

describe('gdeks validate FILE without commander (dist/validate.js)', () => {
  it.each(CASES)('%s: the same stdout, stderr and exit code as `validate -- FILE`', async (_, path) => {
    const [direct, commander] = await Promise.all([runBin(['validate', path]), runBin(['validate', '--', path])]);
    expect(direct.code).toBe(commander.code);
    expect(direct.stdout).toBe(commander.stdout);
    expect(direct.stderr).toBe(commander.stderr);
    expect(direct.stdout + direct.stderr).not.toBe('');
  });

  it('the same colours when they are forced', async () => {
    const env = { NO_COLOR: '', FORCE_COLOR: '1' };
    const bad = CASES[3]?.[1] as string;
    for (const path of [EXAMPLE, bad]) {
      const [direct, commander] = await Promise.all([runBin(['validate', path], { env }), runBin(['validate', '--', path], { env })]);
      expect(direct.stdout + direct.stderr).toMatch(/\u001b\[/);
      expect([direct.code, direct.stdout, direct.stderr]).toEqual([commander.code, commander.stdout, commander.stderr]);
    }
  });

  const noTerminal = terminalUnavailable();
  if (noTerminal) console.warn(`skipping the terminal case: ${noTerminal}`);
  it.skipIf(noTerminal !== undefined)('the same screen on a terminal', async () => {
    const env = { NO_COLOR: '' };
    const [direct, commander] = await Promise.all([
      runInTerminal(['validate', EXAMPLE], { columns: 80, env }),
      runInTerminal(['validate', '--', EXAMPLE], { columns: 80, env }),
    ]);
    expect(direct.screen).toMatch(/\u001b\[/);
    expect(direct).toEqual(commander);
  });

  it('any other form goes through commander: options, `-`, a surplus argument', async () => {
    const json = await runBin(['validate', '-o', 'json', EXAMPLE]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    const stdin = await runBin(['validate', '-'], { stdin: '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]' });
    expect(stdin.code).toBe(0);
    expect(stdin.stderr).toMatch(/<stdin>: valid, 1 feature\b|valid, 1 feature/);
    const surplus = await runBin(['validate', EXAMPLE, 'extra']);
    expect(surplus.code).toBe(2);
    expect(surplus.stderr).toMatch(/too many arguments/);
    const help = await runBin(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
