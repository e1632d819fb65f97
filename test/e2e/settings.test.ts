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
