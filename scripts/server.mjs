// `npm run server`: the project's GuardDuty- and EKS-compatible test servers (test/server/) in the foreground,
// for trying gdeks by hand without an AWS account. Prints the environment to paste into another shell and runs
// until Ctrl-C (or SIGTERM). Arguments are test/server/main.ts flags (--findings N, --members N, --seed N, ...).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, buildTestServer, startTestServer } from './test-server.mjs';

const REGION = 'us-east-1';

/** The lines a user pastes: endpoints, fake credentials, region, and a first command to try. */
export function instructions({ url, eksUrl }) {
  return [
    `# gdeks test server: GuardDuty on ${url}, EKS on ${eksUrl} (fake data, nothing reaches AWS). Ctrl-C stops it.`,
    '# Paste into another shell:',
    // The Account API's ListRegions (for --regions all) is served by the GuardDuty server.
    `export AWS_ENDPOINT_URL_GUARDDUTY=${url} AWS_ENDPOINT_URL_EKS=${eksUrl} AWS_ENDPOINT_URL_ACCOUNT=${url}`,
    `export AWS_ACCESS_KEY_ID=AKIDTESTSERVER AWS_SECRET_ACCESS_KEY=test-server-secret AWS_REGION=${REGION}`,
    'unset AWS_PROFILE AWS_SESSION_TOKEN',
    '# then try: gdeks status   (without npm link: node bin/gdeks.js status)',
  ].join('\n');
}

/** Start both servers, print the instructions, and resolve once a signal has stopped them. */
export async function serveInForeground(args) {
  if (args.includes('--help') || args.includes('-h')) {
    await buildTestServer();
    return spawnSync(process.execPath, [SERVER_BUNDLE, '--help'], { stdio: 'inherit' }).status ?? 1;
  }
  const server = await startTestServer(['--eks', ...args]);
  process.stdout.write(`${instructions(server)}\n`);
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n# ${signal}: test server stopped\n`);
      server.stop().then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // A Ctrl-C at the terminal reaches the server process too (same process group): it stops itself with 0.
    server.exited.then((code) => {
      if (stopping) return;
      stopping = true;
      if (code === 0) process.stdout.write('\n# test server stopped\n');
      else process.stderr.write(`test server exited unexpectedly (code ${code})\n`);
      resolve(code === 0 ? 0 : 1);
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await serveInForeground(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
