// Credentials that come from a profile: an SSO profile that is not logged in, an assume-role profile whose STS
// call fails, a credential_process that fails. The built binary, a temporary AWS_CONFIG_FILE, the GuardDuty and
// EKS test servers, and a local STS endpoint (AWS_ENDPOINT_URL_STS) that refuses AssumeRole. Each failure must
// say where the credentials come from and what to do, not "no AWS credentials found" or an EKS access denial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_FRAME, startServers, timedRun, type Servers } from './fault-helpers.js';

const ROLE = 'arn:aws:iam::111122223333:role/Deployer';

let servers: Servers;
let sts: Server;
let stsUrl: string;
let stsRequests = 0;
let config: string;

beforeAll(async () => {
  servers = await startServers({ seed: 41 });
  // STS's query protocol error for a caller the role's trust policy does not allow.
  sts = createServer((req, res) => {
    stsRequests++;
    req.resume();
    req.on('end', () => {
      const body =
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
        `<Message>User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE}</Message>` +
        '</Error><RequestId>sts-req-1</RequestId></ErrorResponse>';
      res.writeHead(403, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', () => resolve()));
  stsUrl = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;

  const dir = mkdtempSync(join(tmpdir(), 'gdeks-credentials-'));
  config = join(dir, 'config');
  writeFileSync(
    config,
    [
      '[profile dev-sso]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = Admin',
      'region = us-east-1',
      '[sso-session corp]',
      'sso_start_url = https://example.awsapps.com/start',
      'sso_region = us-east-1',
      '[profile legacy-sso]',
      'sso_start_url = https://example.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_account_id = 111122223333',
      'sso_role_name = Admin',
      'region = us-east-1',
      '[profile ci]',
      'aws_access_key_id = AKIAFAKECIEXAMPLE123',
      'aws_secret_access_key = ci-secret-for-tests',
      '[profile deployer]',
      `role_arn = ${ROLE}`,
      'source_profile = ci',
      'region = us-east-1',
      '[profile broken-process]',
      // stderr with an escape sequence and an access key id: shown, but sanitized and redacted.
      `credential_process = sh -c 'printf "token for alice expired (\\033[31mre-login\\033[0m); key AKIAFAKEPROCESS12345\\n" >&2; exit 3'`,
      'region = us-east-1',
    ].join('\n') + '\n',
  );
});
afterAll(async () => {
  await servers?.close();
  await new Promise<void>((resolve) => (sts ? sts.close(() => resolve()) : resolve()));
});

const requests = () => servers.gd.stats.requests + servers.eks.stats.requests;

/** gdeks with the profile and only the profile's credentials (none in the environment). */
function run(args: string[], profile: string) {
  return timedRun([...args, '--profile', profile, '--max-attempts', '1'], {
    env: { ...servers.env, AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL_STS: stsUrl, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
  });
}

describe('an SSO profile that is not logged in', () => {
  it.each(['dev-sso', 'legacy-sso'])('%s: "run `aws sso login --profile NAME`", not "no AWS credentials found"; exit 1, nothing sent', async (profile) => {
    const before = requests();
    for (const args of [['findings', 'list'], ['status']]) {
      const r = await run(args, profile);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`profile "${profile}" signs in with AWS IAM Identity Center (SSO) and has no valid session`);
      expect(r.stderr).toContain(`run \`aws sso login --profile ${profile}\``);
      expect(r.stderr).not.toContain('no AWS credentials found');
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(requests()).toBe(before);
  });
});

describe('an assume-role profile whose STS AssumeRole fails', () => {
  it('names the role, the source profile and STS, not EKS/GuardDuty and the region; exit 1', async () => {
    const before = requests();
    const sent = stsRequests;
    const r = await run(['findings', 'list'], 'deployer');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`error: could not assume role ${ROLE} for profile "deployer" (source_profile "ci"): STS AssumeRole failed: AccessDenied:`);
    expect(r.stderr).toMatch(/not authorized to perform: sts:AssumeRole .*\(HTTP 403/);
    expect(r.stderr).not.toMatch(/access denied: the caller may not perform/);
    expect(stsRequests).toBeGreaterThan(sent);
    expect(requests()).toBe(before);

    const status = await run(['status'], 'deployer');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`could not assume role ${ROLE}`);
    expect(status.stderr).not.toMatch(/may not perform (eks|guardduty):/);
  });

  it('STS unreachable: the role and STS are named, not a connection failure of ListDetectors', async () => {
    const r = await timedRun(['findings', 'list', '--profile', 'deployer', '--max-attempts', '1'], {
      env: { ...servers.env, AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`could not assume role ${ROLE.replace(/[/]/g, '\\/')} for profile "deployer".*STS AssumeRole failed: ECONNREFUSED`));
    expect(r.stderr).not.toMatch(/ListDetectors in us-east-1: cannot connect/);
  });
});

describe('a credential_process that fails', () => {
  it('shows its exit code and what it printed on stderr (sanitized, redacted), not "no AWS credentials found"; exit 1', async () => {
    const r = await run(['findings', 'list'], 'broken-process');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('credential_process of profile "broken-process" failed');
    expect(r.stderr).toContain('it exited with code 3');
    expect(r.stderr).toContain('token for alice expired (\\u001b[31mre-login\\u001b[0m)');
    expect(r.stderr).toContain('key AKIA…(redacted)');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('AKIAFAKEPROCESS12345');
    expect(r.stderr).not.toContain('no AWS credentials found');
  });
});
