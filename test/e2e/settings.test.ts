// Settings from the environment and the shared AWS files, and what usage errors print: the built binary against
// the GuardDuty and EKS test servers. A setting out of range is a usage error (exit 2) naming where it came
// from, before any request; a value a user typed is named in the message, with escape bytes shown as text and
// secrets hidden.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, startServers, timedRun, type Servers } from './fault-helpers.js';

/** An ESC, as a hostile or mistyped value carries it; printed raw it would start a terminal control sequence. */
const ESC = '\u001b';

let servers: Servers;
let dir: string;
beforeAll(async () => {
  servers = await startServers({ seed: 31 });
  dir = mkdtempSync(join(tmpdir(), 'gdeks-settings-'));
});
afterAll(async () => servers?.close());

const requests = () => servers.gd.stats.requests + servers.eks.stats.requests;

async function usageError(args: string[], env: Record<string, string> = {}) {
  const before = requests();
  const r = await timedRun(args, { env: { AWS_REGION: 'us-east-1', ...servers.env, ...env } });
  expect(r.code, r.stderr).toBe(2);
  expect(requests()).toBe(before);
  expect(r.stderr).not.toContain(ESC);
  return r;
}

describe('retry settings out of range: exit 2 naming the setting, nothing sent', () => {
  it.each(['1000000000', '0', '21', 'abc', '2.5'])('AWS_MAX_ATTEMPTS=%s', async (value) => {
    const r = await usageError(['findings', 'list'], { AWS_MAX_ATTEMPTS: value });
    expect(r.stderr).toContain(`error: AWS_MAX_ATTEMPTS: "${value}" must be a whole number from 1 to 20`);
  });

  it('--max-attempts 21 and 0', async () => {
    for (const value of ['21', '0']) {
      const r = await usageError(['status', '--max-attempts', value]);
      expect(r.stderr).toContain(`--max-attempts: "${value}" must be a whole number from 1 to 20`);
    }
  });

  it('--help documents the range and the limit of 3 attempts without an answer', async () => {
    const r = await timedRun(['--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--max-attempts <n> attempts per AWS call, retries included, 1-20 .*at most 3 once an attempt gets no answer \(timeout, refused connection\)/);
  });

  it('AWS_RETRY_MODE=fast', async () => {
    const r = await usageError(['status'], { AWS_RETRY_MODE: 'fast' });
    expect(r.stderr).toContain('AWS_RETRY_MODE: "fast" is not a retry mode; use one of standard, adaptive, legacy');
  });

  it('--max-attempts given: AWS_MAX_ATTEMPTS is not used, so not checked; validate never reads it', async () => {
    const flagged = await timedRun(['findings', 'list', '--max-attempts', '2', '-o', 'json'], { env: { AWS_REGION: 'us-east-1', ...servers.env, AWS_MAX_ATTEMPTS: '500' } });
    expect(flagged.code, flagged.stderr).toBe(0);
    const offline = await timedRun(['validate', EXAMPLE_CONFIG], { env: { AWS_MAX_ATTEMPTS: '500' } });
    expect(offline.code, offline.stderr).toBe(0);
  });
});

describe('a shared config or credentials file over 1 MiB (the features-file cap) is refused', () => {
  const big = () => {
    const file = join(dir, `big-${Math.random().toString(36).slice(2)}`);
    const profile = '[profile p]\nregion = us-east-1\n';
    writeFileSync(file, profile.repeat(Math.ceil((1.5 * 1024 * 1024) / profile.length)));
    return file;
  };

  it('AWS_CONFIG_FILE: exit 2 naming the variable, the file and its size, nothing sent', async () => {
    const file = big();
    const r = await usageError(['status'], { AWS_CONFIG_FILE: file });
    expect(r.stderr).toMatch(new RegExp(`error: AWS_CONFIG_FILE: ${file} is 1\\.5 MiB; gdeks reads AWS config and credentials files up to 1 MiB`));
  });

  it('AWS_SHARED_CREDENTIALS_FILE likewise; validate does not read either', async () => {
    const file = big();
    const r = await usageError(['findings', 'list'], { AWS_SHARED_CREDENTIALS_FILE: file });
    expect(r.stderr).toContain(`error: AWS_SHARED_CREDENTIALS_FILE: ${file} is 1.5 MiB`);
    expect((await timedRun(['validate', EXAMPLE_CONFIG], { env: { AWS_CONFIG_FILE: file } })).code).toBe(0);
  });

  it('a config file under the cap, and /dev/null, are read as before', async () => {
    const small = join(dir, 'small');
    writeFileSync(small, '[default]\nregion = us-east-1\n');
    for (const file of [small, '/dev/null']) {
      const r = await timedRun(['status', '-o', 'json'], { env: { ...servers.env, AWS_CONFIG_FILE: file, AWS_REGION: 'us-east-1' } });
      expect(r.code, r.stderr).toBe(0);
    }
  });
});

describe('usage errors name the bad value, with escape bytes shown as text', () => {
  it.each([
    ['--region', ['status', '--region', `us${ESC}[31m-east-1`], '--region: "us\\u001b[31m-east-1" is not a region name'],
    ['status --cluster', ['status', '--cluster', `a${ESC}[2Jb`], '--cluster: "a\\u001b[2Jb" is not an EKS cluster name'],
    ['findings list --cluster', ['findings', 'list', '--cluster', `a${ESC}[2Jb`], '--cluster: "a\\u001b[2Jb" is not an EKS cluster name'],
    ['findings list --type', ['findings', 'list', '--type', `Foo${ESC}[31m`], '--type: "Foo\\u001b[31m" is neither a finding type'],
    ['findings sample --type', ['findings', 'sample', '--type', `Foo${ESC}[31m`], '--type: "Foo\\u001b[31m" is neither a finding type'],
    ['an unknown option', ['status', `--x${ESC}[31m`], "unknown option '--x\\u001b[31m'"],
  ])('%s', async (_name, args, message) => {
    const r = await usageError(args);
    expect(r.stderr).toContain(message);
  });

  it('a features file path', async () => {
    const r = await usageError(['validate', join(dir, `x${ESC}[31my.json`)]);
    expect(r.stderr).toContain(`cannot read ${dir}/x\\u001b[31my.json: no such file`);
  });

  it('AWS_REGION that is not a region: named, with its value (it said "set AWS_REGION")', async () => {
    const r = await usageError(['status'], { AWS_REGION: '../../etc' });
    expect(r.stderr).toContain('error: AWS_REGION: "../../etc" is not a region name');
  });

  it("a profile's region that is not a region: the profile, the file and the value are named", async () => {
    const config = join(dir, 'bad-region-config');
    writeFileSync(config, `[profile odd]\nregion = ../../etc${ESC}[31m\n`);
    const r = await usageError(['status'], { AWS_REGION: '', AWS_CONFIG_FILE: config, AWS_PROFILE: 'odd' });
    expect(r.stderr).toContain(`error: the region of profile "odd" (${config}): "../../etc\\u001b[31m" is not a region name`);
  });

  it('findings archive with several bad ids names every one of them', async () => {
    const good = '0123456789abcdef0123456789abcdef';
    const r = await usageError(['findings', 'archive', 'NOT-AN-ID', good, `x${ESC}[1m`, 'also bad']);
    expect(r.stderr).toContain('error: 3 arguments are not GuardDuty finding ids: "NOT-AN-ID", "x\\u001b[1m", "also bad"');
    expect(r.stderr).not.toContain(good);
  });

  it('a UTF-32 features file is called UTF-32, not UTF-16 (both byte orders)', async () => {
    const le = join(dir, 'utf32le.json');
    const be = join(dir, 'utf32be.json');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('[', 'utf16le'), Buffer.alloc(2)]));
    writeFileSync(be, Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x5b]));
    for (const file of [le, be]) {
      const r = await usageError(['validate', file]);
      expect(r.stderr).toContain(`${file} is UTF-32 encoded; save it as UTF-8`);
    }
    // UTF-16 is still called UTF-16.
    const utf16 = join(dir, 'utf16.json');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[]', 'utf16le')]));
    expect((await usageError(['validate', utf16])).stderr).toContain('is UTF-16 encoded');
  });
});

describe('usage errors never print a secret', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('a features file holding the secret access key: the syntax error does not print it, even in part', async () => {
    const file = join(dir, 'pasted-secret.json');
    writeFileSync(file, `[{"Name": ${SECRET}}]`);
    const r = await usageError(['validate', file], { AWS_SECRET_ACCESS_KEY: SECRET });
    expect(r.stderr).toMatch(/pasted-secret\.json:1:11: not valid JSON: expected a value, found the unquoted word \(redacted\)/);
    for (const part of ['wJalrXUtnFEMI', 'bPxRfiCYEXAMPLEKEY']) expect(r.stderr).not.toContain(part);
  });

  it.each([
    ['a scheme other than http(s)', 'ftp://admin:hunter2secret@gd.example', 'ftp://(credentials hidden)@gd.example" must start with http://'],
    ['not a URL at all', 'http://admin:hunter2 secret@gd example', 'http://(credentials hidden)@gd example" is not a URL'],
    ['no scheme', 'admin:hunter2secret@gd.example', '"(credentials hidden)@gd.example" must start with http://'],
  ])('a malformed --endpoint-url with a password (%s): named without the password', async (_name, url, message) => {
    const r = await usageError(['status', '--endpoint-url', url]);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/hunter2/);
  });
});
