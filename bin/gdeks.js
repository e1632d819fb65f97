#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/cli.js (built by `npm run build`).
import module from 'node:module';

// Node 22.1 and later can keep the compiled code of dist/ on disk (in os.tmpdir(), or NODE_COMPILE_CACHE), so later
// runs skip compiling it. NODE_DISABLE_COMPILE_CACHE turns it off. A cache directory that cannot be created or
// written only means no cache: Node reports that in the return value, it does not throw.
if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    module.enableCompileCache();
  } catch {
    // Start as Node 20 does.
  }
}
// `gdeks --version` alone (what scripts call to check the tool) is answered from dist/version.js, one line written
// by the build, without loading the CLI: that start costs what an empty script costs. Anything else, `gdeks
// status --version` included, goes through the CLI. Imported after the cache is on, so that the bundle is cached.
const versionOnly = process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-v');
// `gdeks validate FILE` exactly (FILE not an option, see directValidateFile in src/cli.ts): dist/validate.js is the
// same CLI built for that alone, one file without commander. Every other form of validate takes dist/cli.js.
const validateOnly = process.argv.length === 4 && process.argv[2] === 'validate' && !process.argv[3].startsWith('-');
const cli = versionOnly ? undefined : await import(validateOnly ? '../dist/validate.js' : '../dist/cli.js');

// `gdeks findings list | head`: once the reader has gone, stop quietly instead of crashing on EPIPE. During the
// run, the command notices (src/output/io.ts), stops fetching and returns the verdict on what it wrote: a
// `--fail-on` gate piped into `head` must still exit 3. Once the run is over, its exit code stands.
// Any other failure to write (ENOSPC, EIO): one line on stderr, exit 1.
let finished = false;
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') {
    if (finished) process.exit(process.exitCode ?? 0);
    return;
  }
  if (cli) cli.exitOnOutputError(e);
  else void import('../dist/cli.js').then((m) => m.exitOnOutputError(e));
});

if (cli) {
  process.exitCode = await cli.run(process.argv);
  finished = true;
  // The command is done, but stdout may still be draining to a slow reader: a Ctrl-C now must neither cut that
  // output short (the default action would) nor be ignored until the reader catches up.
  process.on('SIGINT', () => cli.exitAfterFlush('SIGINT'));
  process.on('SIGTERM', () => cli.exitAfterFlush('SIGTERM'));
} else {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
  process.exitCode = 0;
  finished = true;
}
