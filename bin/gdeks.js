#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/cli.js (built by `npm run build`).
import { exitAfterFlush, run } from '../dist/cli.js';

// `gdeks findings list | head`: once the reader has gone, stop quietly instead of crashing on EPIPE. During the
// run, the command notices (src/output/io.ts), stops fetching and returns the verdict on what it wrote: a
// `--fail-on` gate piped into `head` must still exit 3. Once the run is over, its exit code stands.
let finished = false;
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') {
    if (finished) process.exit(process.exitCode ?? 0);
    return;
  }
  throw e;
});

process.exitCode = await run(process.argv);
finished = true;
// The command is done, but stdout may still be draining to a slow reader: a Ctrl-C now must neither cut that
// output short (the default action would) nor be ignored until the reader catches up.
process.on('SIGINT', () => exitAfterFlush('SIGINT'));
process.on('SIGTERM', () => exitAfterFlush('SIGTERM'));
