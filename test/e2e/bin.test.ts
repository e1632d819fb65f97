import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/moto.js';
import { BIN, binEnv, runBin } from '../helpers/bin.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const EXAMPLE = new URL('../../examples/config.json', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

describe('the gdeks binary', () => {
  it('--version prints the package version', async () => {
    const r = await runBin(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  // `--version` alone is answered without loading the CLI (bin/gdeks.js); every other form goes through commander.
  it.each([[['-v']], [['--version', 'extra']], [['-v', '--version']], [['status', '--version']], [['validate', '--version']]])(
    '%j prints the same version, exit 0, nothing on stderr',
    async (args) => {
      const r = await runBin(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      expect(r.stderr).toBe('');
    },
  );

  it('--version=1 and -V are unknown options (exit 2), not the version', async () => {
    for (const arg of ['--version=1', '-V']) {
      const r = await runBin([arg]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`unknown option '${arg}'`));
    }
  });

  it('--help lists every command with examples and the exit codes, on stdout', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['validate', 'enable', 'export-frequency', 'status', 'findings']) expect(r.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/Exit codes: 0 ok/);
    expect(r.stderr).toBe('');
  });

  it.each([['validate'], ['enable'], ['export-frequency'], ['status'], ['findings', 'list']])('%s --help has examples and the global options', async (...cmd) => {
    const r = await runBin([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ gdeks /);
    expect(r.stdout).toMatch(/--endpoint-url <url>/);
  });

  it('a misspelt flag or command is a usage error (exit 2) with a suggestion', async () => {
    const flag = await runBin(['enable', '--featurs', EXAMPLE, '--region', 'us-east-1']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--featurs'/);
    expect(flag.stderr).toMatch(/Did you mean --features\?/);
    const command = await runBin(['enabel']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Did you mean enable\?/);
  });

  it('enable without --features is a usage error', async () => {
    const r = await runBin(['enable', '--region', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/enable needs --features <file>/);
  });

  it('validate prints the normalized features on stdout and the verdict on stderr', async () => {
    const table = await runBin(['validate', EXAMPLE]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/EKS_RUNTIME_MONITORING\s+ENABLED\s+EKS_ADDON_MANAGEMENT=ENABLED/);
    expect(table.stderr).toMatch(/valid, 2 features/);
    const json = await runBin(['validate', `file://${EXAMPLE}`, '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
  });

  it('validate reads stdin with -', async () => {
    const r = await runBin(['validate', '-', '-o', 'json'], { stdin: '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }]);
  });

  it('validate rejects the circulating seed config naming both lines of the duplicate keys, exactly as the README shows', async () => {
    // As a reader runs it from a fresh clone: the repository's own copy, the command as the README writes it.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const [, command = '', shown] = /\$ (gdeks validate \S+)\n([\s\S]*?)```/.exec(readme) ?? [];
    expect(command).toBe('gdeks validate examples/seed-config.json');
    const r = await runBin(command.split(' ').slice(1), { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: examples\/seed-config\.json:5:5: duplicate key "Name"/);
    expect(r.stderr).toMatch(/\b3\b.*\b5\b/);
    expect(r.stderr).toMatch(/EKS_AUDIT_LOGS would be silently dropped/);
    expect(shown).toBe(r.stderr);
  });

  it('without any region configured: exit 2 and how to give one, nothing sent', async () => {
    const r = await runBin(['enable', '--features', EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no region: pass --region/);
  });

  it('a malformed region or endpoint is rejected before any call', async () => {
    expect((await runBin(['status', '--region', 'useast1'])).code).toBe(2);
    expect((await runBin(['status', '--region', 'us-east-1', '--endpoint-url', 'localhost:1'])).code).toBe(2);
    expect((await runBin(['status', '--region', 'us-east-1', '-o', 'yaml'])).code).toBe(2);
  });

  it('a refused connection ends quickly with exit 1 and one clear line, no SDK warning, no stack', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await runBin(['enable', '--features', EXAMPLE, '--region', 'us-east-1', '--endpoint-url', `http://127.0.0.1:${port}`, '--max-attempts', '2']);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.stderr).toMatch(/ListDetectors in us-east-1: cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /);
  });

  it('never writes colour codes when stdout is not a terminal, even without NO_COLOR', async () => {
    const r = await runBin(['validate', EXAMPLE], { env: { NO_COLOR: '' } });
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});

/** Runs the binary with stdout on /dev/full, where every write fails with ENOSPC (a full disk). */
function runToFullDisk(args: string[], stdin = ''): Promise<{ code: number | null; stderr: string }> {
  const full = openSync('/dev/full', 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: binEnv(), stdio: ['pipe', full, 'pipe'] }) as ChildProcessByStdio<Writable, null, Readable>;
    closeSync(full);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

describe.skipIf(!existsSync('/dev/full'))('output that cannot be written (stdout on a full disk)', () => {
  it.each([
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['validate FILE', ['validate', EXAMPLE]],
    ['validate - -o json', ['validate', '-', '-o', 'json']],
  ])('%s: one line on stderr naming the failure, exit 1, no stack trace', async (_name, args) => {
    const r = await runToFullDisk(args, '[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write to stdout: no space left on device \(ENOSPC\)$/m);
    expect(r.stderr.match(/cannot write/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at |Node\.js v/);
  });
});

// Node 22.1 added module.enableCompileCache(); on older Node there is nothing to test.
const hasCompileCache = typeof ((await import('node:module')).default as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe.skipIf(!hasCompileCache)('the module compile cache (Node 22.1 and later)', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'gdeks-cache-'));

  it('validate stores the compiled bundle under the temporary directory, and a second run works from it', async () => {
    const dir = tmp();
    for (let i = 0; i < 2; i++) {
      const r = await runBin(['validate', EXAMPLE], { env: { TMPDIR: dir } });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/valid, 2 features/);
    }
    const cache = join(dir, 'node-compile-cache');
    expect(existsSync(cache)).toBe(true);
    expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(1);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1: no cache is written', async () => {
    const dir = tmp();
    const r = await runBin(['--version'], { env: { TMPDIR: dir, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'node-compile-cache'))).toBe(false);
  });

  it('a cache directory that cannot be created: the command still works, with nothing on stderr', async () => {
    const file = join(tmp(), 'not-a-directory');
    writeFileSync(file, '');
    const version = await runBin(['--version'], { env: { TMPDIR: file } });
    expect(version.code).toBe(0);
    expect(version.stderr).toBe('');
    const validate = await runBin(['validate', EXAMPLE], { env: { NODE_COMPILE_CACHE: join(file, 'cache') } });
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(/^✓ .*valid, 2 features\n(note: .*EKS_RUNTIME_MONITORING is deprecated.*\n)?$/);
  });
});
