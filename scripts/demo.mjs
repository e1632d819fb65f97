// `npm run demo`: gdeks without an AWS account. Starts the project's GuardDuty-compatible test server on a
// free loopback port (seeded with a detector, EKS clusters and findings) and runs the seed walkthrough
// against it as a user would see it, then stops the server.
import { spawnSync } from 'node:child_process';
import { startTestServer } from './test-server.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const server = await startTestServer(['--seed', '7', '--findings', '40', '--eks']);
const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDDEMO',
  AWS_SECRET_ACCESS_KEY: 'demo-secret',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_ENDPOINT_URL_GUARDDUTY: server.url,
  AWS_ENDPOINT_URL_EKS: server.eksUrl,
};
delete env.AWS_PROFILE;
delete env.AWS_SESSION_TOKEN;

const steps = [
  ['enable', '--features', 'examples/config.json', '--dry-run'],
  ['enable', '--features', 'examples/config.json'],
  ['enable', '--features', 'examples/config.json'],
  ['status'],
  ['export-frequency', '15m'],
  ['findings', 'sample'],
  ['findings', 'list', '--severity', 'high', '--limit', '15'],
];

const dim = process.stdout.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[2m${t}\x1b[0m` : (t) => t;
const say = (text) => process.stdout.write(`\n${dim(`# ${text}`)}\n`);
let failed = 0;
const run = (args, environment) => {
  process.stdout.write(`\n$ gdeks ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [`${ROOT}bin/gdeks.js`, ...args], { stdio: 'inherit', env: environment, cwd: ROOT });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(exit code ${r.status})\n`);
  }
};
try {
  say(`GuardDuty- and EKS-compatible test servers are listening on ${server.url} and ${server.eksUrl} (region us-east-1, fake credentials)`);
  for (const args of steps) run(args, env);
} finally {
  await server.stop();
}
// EKS Protection turned on a moment ago has no usage yet: `gdeks usage` is shown on an account where it has
// been on since its detector was created, 12 days ago (costs over 12 days, an estimate per 30 days).
const billed = await startTestServer(['--seed', '7', '--eks', '--eks-protection', '--detector-age-days', '12']);
try {
  say('another account, with EKS Protection on since its detector was created 12 days ago: what it costs');
  run(['usage'], { ...env, AWS_ENDPOINT_URL_GUARDDUTY: billed.url, AWS_ENDPOINT_URL_EKS: billed.eksUrl });
  say('done: the servers are stopped; point gdeks at a real account with --profile/--region instead of the endpoint');
} finally {
  await billed.stop();
}
process.exitCode = failed ? 1 : 0;
