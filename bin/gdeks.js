#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/cli.js (built by `npm run build`).
import { run } from '../dist/cli.js';

process.exitCode = await run(process.argv);
