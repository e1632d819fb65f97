// Hardening, "Secrets": with known fake credentials in the environment, no run of the built binary, with
// --debug, successful or failing, ever prints the access key id, the secret key, the session token, a SigV4
// signature or an Authorization header, on stdout or stderr. Error paths include endpoints that echo the
// request back (the Authorization header, the session token, all request headers as JSON, the Authorization
// header as the request id), as a careless proxy or a verbose service might.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureOrganization } from '../server/org.js';
import type { BinResult } from '../helpers/bin.js';
import { EXAMPLE_CONFIG, startEchoServer, startServers, timedRun, type Echo, type Servers } from './fault-helpers.js';
import { freePort } from '../helpers/moto.js';

const ACCESS_KEY = 'AKIAFAKEEXAMPLE12345';
const SECRET_KEY = 'fakeSecretKeyValue/0123456789abcdefEXAMPLE';
const SESSION_TOKEN = 'FakeSessionToken0123456789abcdefEXAMPLE';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN, AWS_REGION: 'us-east-1' };

const BUCKET = 'arn:aws:s3:::findings-bucket/guardduty';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SOME_ID = '0123456789abcdef0123456789abcdef';

/** Every command that talks to AWS, as a user would type it (with --debug: the most it ever prints). */
const AWS_COMMANDS: string[][] = [
  ['enable', '--features', EXAMPLE_CONFIG, '--dry-run'],
  ['enable', '--features', EXAMPLE_CONFIG, '-o', 'json'],
  ['enable', '--features', EXAMPLE_CONFIG, '--organization', '--dry-run'],
  ['export-frequency', '15m'],
  ['export-destination', 's3', '--bucket-arn', BUCKET, '--kms-key-arn', KEY],
  ['status'],
  ['status', '-o', 'json'],
  ['status', '--organization'],
  ['findings', 'list'],
  ['findings', 'list', '-o', 'json'],
  ['findings', 'show', SOME_ID],
  ['findings', 'sample'],
  ['findings', 'archive', SOME_ID],
  ['findings', 'unarchive', SOME_ID],
];

/** Where each secret could show up, and how. */
const LEAKS: Array<[string, RegExp]> = [
  ['the access key id', new RegExp(ACCESS_KEY)],
  ['the tail of the access key id', /FAKEEXAMPLE12345/],
  ['the secret access key', new RegExp(SECRET_KEY.replace('/', '\\/'))],
  ['the start of the secret access key', /fakeSecretKeyValue/],
  ['the session token', new RegExp(SESSION_TOKEN)],
  ['the start of the session token', /FakeSessionToken/],
  ['a SigV4 signature', /Signature=[0-9a-f]{8,}/i],
  ['an Authorization header value', /AWS4-HMAC-SHA256\s+Credential=/i],
  ['an Authorization header', /authorization["']?\s*[:=]\s*["']?(?!AWS4-HMAC-SHA256 \(redacted\))[^\s"']/i],
];

function expectNoSecrets(label: string, r: BinResult): void {
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    for (const [what, pattern] of LEAKS) {
      const m = pattern.exec(text);
      expect(m, `${label}: ${what} on ${stream}: …${m ? text.slice(Math.max(0, m.index - 80), m.index + 120) : ''}…`).toBeNull();
    }
  }
}

/** Runs gdeks with the fake credentials and --debug, two at a time (the machine has two cores); results in order. */
async function runAll(runs: Array<{ args: string[]; env?: Record<string, string> }>): Promise<Array<BinResult & { label: string }>> {
  const results: Array<BinResult & { label: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      const run = runs[i];
      if (!run) break;
      const r = await timedRun([...run.args, '--debug'], { env: { ...CREDENTIALS, ...run.env } });
      results[i] = { ...r, label: `gdeks ${run.args.join(' ')} --debug` };
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe('no secret on stdout or stderr, with --debug (fake credentials in the environment)', () => {
  let servers: Servers;
  beforeAll(async () => {
    servers = await startServers({ seed: 17, findings: 40 });
    configureOrganization(servers.gd.state, { role: 'delegated-admin', members: 3 });
  });
  afterAll(async () => servers?.close());

  it('every command, successful, against the GuardDuty and EKS test servers', { timeout: 60_000 }, async () => {
    const listed = await timedRun(['findings', 'list', '-o', 'json'], { env: { ...CREDENTIALS, ...servers.env } });
    const id = (JSON.parse(listed.stdout) as Array<{ Id: string }>)[0]?.Id ?? '';
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const runs = [
      { args: ['validate', EXAMPLE_CONFIG] },
      { args: ['validate', EXAMPLE_CONFIG, '-o', 'json'] },
      ...AWS_COMMANDS.map((args) => ({ args: args.map((a) => (a === SOME_ID ? id : a)), env: servers.env })),
    ];
    const results = await runAll(runs);
    for (const r of results) {
      expect(r.code, `${r.label}\n${r.stderr}`).toBe(0);
      expectNoSecrets(r.label, r);
    }
    // --debug really was on: one line per HTTP attempt, with the request id.
    const debugLines = results.flatMap((r) => r.stderr.split('\n').filter((l) => l.startsWith('[debug] ')));
    expect(debugLines.length).toBeGreaterThan(AWS_COMMANDS.length);
    expect(debugLines.every((l) => /^\[debug\] (guardduty|eks)\.\w+ us-east-1 \d{3}/.test(l))).toBe(true);
  });

  describe.each([
    ['5xx on every request', { errorRate: 1 }, /GuardDuty failed \w+ in us-east-1: InternalServerErrorException/],
    ['throttled past the retries', { throttleRate: 1 }, /was still throttled after 2 attempts/],
  ] as const)('%s (--max-attempts 2)', (_name, faults, message) => {
    it('every command exits 1 with the error and no secret', { timeout: 60_000 }, async () => {
      const failing = await startServers({ seed: 18, ...faults, eksFaults: faults });
      try {
        const results = await runAll(AWS_COMMANDS.map((args) => ({ args: [...args, '--max-attempts', '2'], env: failing.env })));
        for (const r of results) {
          expect(r.code, r.label).toBe(1);
          expect(r.stderr, r.label).toMatch(message);
          expectNoSecrets(r.label, r);
        }
      } finally {
        await failing.close();
      }
    });
  });

  it('400s: archiving from a member account, organization settings from a member and from a standalone account', async () => {
    const [member, standalone] = await Promise.all([startServers({ seed: 19, memberOf: '111122223333' }), startServers({ seed: 19 })]);
    try {
      const listed = await timedRun(['findings', 'list', '-o', 'json'], { env: { ...CREDENTIALS, ...member.env } });
      const id = (JSON.parse(listed.stdout) as Array<{ Id: string }>)[0]?.Id ?? '';
      const results = await runAll([
        { args: ['findings', 'archive', id], env: member.env },
        { args: ['enable', '--features', EXAMPLE_CONFIG, '--organization'], env: member.env },
        { args: ['status', '--organization'], env: member.env },
        { args: ['enable', '--features', EXAMPLE_CONFIG, '--organization'], env: standalone.env },
        { args: ['status', '--organization'], env: standalone.env },
        // Not a 400: gdeks asks GetAdministratorAccount before writing. The same refusal, the same check.
        { args: ['enable', '--features', EXAMPLE_CONFIG], env: member.env },
        { args: ['export-frequency', '1h'], env: member.env },
      ]);
      for (const [i, r] of results.entries()) {
        expect(r.code, r.label).toBe(1);
        expect(r.stderr, r.label).toMatch(/member|administrator/);
        if (i < 5) expect(r.stderr, r.label).toMatch(/HTTP 400|400 BadRequestException/);
        expectNoSecrets(r.label, r);
      }
    } finally {
      await Promise.all([member.close(), standalone.close()]);
    }
  });

  it('a refused connection and an endpoint that never answers (--read-timeout 1)', { timeout: 60_000 }, async () => {
    const refused = `http://127.0.0.1:${await freePort()}`;
    const hanging = await startServers({ seed: 20, failRegions: ['us-east-1'], failMode: 'hang' });
    try {
      const results = await runAll([
        ...AWS_COMMANDS.map((args) => ({ args: [...args, '--endpoint-url', refused, '--max-attempts', '2'] })),
        ...[['findings', 'list', '-o', 'json'], ['enable', '--features', EXAMPLE_CONFIG], ['status']].map((args) => ({
          args: [...args, '--read-timeout', '1', '--max-attempts', '1'],
          env: hanging.env,
        })),
      ]);
      for (const r of results) {
        expect(r.code, r.label).toBe(1);
        expect(r.stderr, r.label).toMatch(/\w+ in us-east-1: cannot connect to [\d.:]+: ECONNREFUSED|timed out/);
        expectNoSecrets(r.label, r);
      }
    } finally {
      await hanging.close();
    }
  });

  describe.each([
    [403, 'AccessDeniedException', /access denied: the caller may not perform (guardduty|eks):\w+ in us-east-1/],
    [403, 'InvalidSignatureException', /AWS rejected the credentials for \w+ in us-east-1/],
    [403, 'UnrecognizedClientException', /AWS rejected the credentials for \w+ in us-east-1/],
    [403, 'ExpiredTokenException', /the AWS credentials have expired/],
    [400, 'BadRequestException', /GuardDuty rejected \w+ in us-east-1|failed/],
    [500, 'InternalServerErrorException', /failed \w+ in us-east-1/],
  ] as const)('an endpoint answering %d %s and echoing the request back', (status, errorType, message) => {
    let echo: Echo;
    beforeAll(async () => {
      echo = await startEchoServer(status, errorType);
    });
    afterAll(async () => echo?.stop());

    it('every command: exit 1, the error named, the echoed credentials redacted', { timeout: 60_000 }, async () => {
      const results = await runAll(AWS_COMMANDS.map((args) => ({ args: [...args, '--endpoint-url', echo.url, '--max-attempts', '2'] })));
      expect(echo.requests).toBeGreaterThanOrEqual(AWS_COMMANDS.length);
      for (const r of results) {
        expect(r.code, `${r.label}\n${r.stderr}`).toBe(1);
        expect(r.stderr, r.label).toMatch(message);
        expectNoSecrets(r.label, r);
      }
      // The echo did reach the user (so the checks above prove redaction, not silence).
      expect(results.some((r) => r.stderr.includes('(redacted)'))).toBe(true);
    });
  });

  // The usual setup on a workstation: the keys live in ~/.aws/credentials, not in the environment, so gdeks
  // cannot know them by value; what the echo shows must be recognised by its form.
  it('credentials from a profile in ~/.aws/credentials: echoed headers redacted by their form', { timeout: 60_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'gdeks-secrets-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'credentials'),
      `[secrets-test]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n`,
    );
    writeFileSync(join(home, '.aws', 'config'), '[profile secrets-test]\nregion = us-east-1\n');
    const echo = await startEchoServer(403, 'AccessDeniedException', { bareToken: false });
    try {
      const env = { HOME: home, AWS_PROFILE: 'secrets-test', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' };
      const results = await runAll(AWS_COMMANDS.map((args) => ({ args: [...args, '--endpoint-url', echo.url, '--max-attempts', '1'], env })));
      for (const r of results) {
        expect(r.code, `${r.label}\n${r.stderr}`).toBe(1);
        expect(r.stderr, r.label).toMatch(/access denied: the caller may not perform (guardduty|eks):\w+ in us-east-1/);
        expectNoSecrets(r.label, r);
      }
      expect(results.some((r) => /X-Amz-Security-Token: \(redacted\)/.test(r.stderr))).toBe(true);
      expect(results.some((r) => /"x-amz-security-token":"\(redacted\)"/.test(r.stderr))).toBe(true);
    } finally {
      await echo.stop();
    }
  });
});
