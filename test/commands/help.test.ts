import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('help and a missing command', () => {
  it('gdeks help findings list: the help of that nested command, on stdout, exit 0', async () => {
    const r = await runCli(['help', 'findings', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: gdeks findings list \[options\]/);
    expect(r.stdout).toContain('--severity');
  });

  it('findings watch --help: findings list\'s filters, the watch\'s own options, examples, and what it does not offer', async () => {
    const r = await runCli(['findings', 'watch', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--severity', '--cluster', '--namespace', '--type', '--since', '--archived', '--exclude-samples', '--fail-on', '--interval', '--for', '--overlap']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).not.toMatch(/^\s+--limit|^\s+--sort/m);
    expect(r.stdout).toMatch(/Not offered: --limit and --sort/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ gdeks findings watch/);
    const list = await runCli(['findings', 'list', '--help']);
    expect(list.stdout).toMatch(/--severity[\s\S]*--since[\s\S]*--limit[\s\S]*--sort[\s\S]*--archived[\s\S]*--exclude-samples[\s\S]*--fail-on/);
  });

  it('status --help names the verdicts with the words the table and -o json use', async () => {
    const r = await runCli(['status', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['protected', 'degraded', 'not-protected', 'excluded', 'not-applicable', 'unknown']) expect(r.stdout).toContain(word);
    expect(r.stdout).not.toMatch(/NOT PROTECTED|\bn\/a\b/);
  });

  it('gdeks help with no name: the top-level help, exit 0', async () => {
    const r = await runCli(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: gdeks \[options\] \[command\]/);
  });

  it('an unknown name is a usage error with a suggestion, like an unknown command', async () => {
    const unknown = await runCli(['help', 'nonexistent']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain("error: unknown command 'nonexistent'");
    const typo = await runCli(['help', 'findings', 'lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'findings lst'; did you mean 'findings list'?");
  });

  it('no command at all (gdeks, gdeks findings): help on stderr and exit 2, so a script notices', async () => {
    for (const args of [[], ['findings']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: gdeks/);
    }
  });

  it('--json (the gh habit) points at -o json', async () => {
    const r = await runCli(['findings', 'list', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--json'");
    expect(r.stderr).toContain('hint: use -o json (--output json)');
  });
});
