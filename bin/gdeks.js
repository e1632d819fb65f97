#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/cli.js (built by `npm run build`).
import { exitAfterFlush, run } from '../dist/cli.js';

// `gdeks findings list | head`: once the reader has gone, stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv);
// The command is done, but stdout may still be draining to a slow reader: a Ctrl-C now must neither cut that
// output short (the default action would) nor be ignored until the reader catches up.
process.on('SIGINT', () => exitAfterFlush('SIGINT'));
process.on('SIGTERM', () => exitAfterFlush('SIGTERM'));
