#!/usr/bin/env node
// `npm run audit`: fails on high or critical advisories in production dependencies.
// When the registry refuses the audit request (some mirrors and sandboxes allow only GET), it says so plainly and,
// unless --require is given, does not fail: an unreachable advisory service is not a finding.
import { spawnSync } from 'node:child_process';
import { judgeAudit } from './audit-report.mjs';

const required = process.argv.includes('--require');
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
let parsed;
try {
  parsed = JSON.parse(run.stdout);
} catch {
  parsed = undefined;
}
const verdict = judgeAudit(parsed);

if (verdict.kind === 'unavailable') {
  console.error(`audit: NOT RUN, the advisory service could not be asked: ${verdict.reason}`);
  process.exit(required ? 1 : 0);
}
const counts = Object.entries(verdict.counts)
  .filter(([k]) => k !== 'total')
  .map(([k, v]) => `${v} ${k}`)
  .join(', ');
console.error(`audit: production dependencies: ${counts || 'no advisories'}`);
for (const b of verdict.blocking) console.error(`  ${b.severity.toUpperCase()} ${b.name}: ${b.title} ${b.url}`.trimEnd());
process.exit(verdict.blocking.length > 0 ? 1 : 0);
