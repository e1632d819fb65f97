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
try {
  say(`GuardDuty- and EKS-compatible test servers are listening on ${server.url} and ${server.eksUrl} (region us-east-1, fake credentials)`);
  for (const args of steps) {
    process.stdout.write(`\n$ gdeks ${args.join(' ')}\n`);
    const r = spawnSync(process.execPath, [`${ROOT}bin/gdeks.js`, ...args], { stdio: 'inherit', env, cwd: ROOT });
    if (r.status !== 0) {
      failed++;
      process.stdout.write(`(exit code ${r.status})\n`);
    }
  }
  say('done: the server is stopped; point gdeks at a real account with --profile/--region instead of the endpoint');
} finally {
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
