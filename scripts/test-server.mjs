// Starts the project's GuardDuty-compatible test server (test/server/main.ts) as a separate process, for the
// demo and the benchmarks. It is bundled with esbuild on the fly into .cache/ (git-ignored), because plain
// node cannot run TypeScript.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
export const SERVER_BUNDLE = `${ROOT}.cache/test-server.mjs`;

export async function buildTestServer() {
  await build({
    entryPoints: [`${ROOT}test/server/main.ts`],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return SERVER_BUNDLE;
}

/** Resolves to { url, eksUrl?, stop(), exited } once the server prints its URL line. `args` are main.ts flags. */
export async function startTestServer(args = []) {
  await buildTestServer();
  const child = spawn(process.execPath, [SERVER_BUNDLE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  const urls = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url: urls.url, eksUrl: urls.eksUrl, stop, pid: child.pid, exited };
}

// Run directly (`node scripts/test-server.mjs ...`), it is `npm run server`: the servers in the foreground.
// No top-level await here: server.mjs imports this module, which must finish evaluating first.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  import('./server.mjs')
    .then(({ serveInForeground }) => serveInForeground(process.argv.slice(2)))
    .then(
      (code) => (process.exitCode = code),
      (e) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
      },
    );
}
