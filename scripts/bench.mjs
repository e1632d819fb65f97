// `npm run bench`: runs every section in scripts/bench/ (each exports `title` and `run(report)`) and prints
// one table of figures and ratios, all measured in this one run. Not a test: nothing here asserts timings.
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const dir = new URL('./bench/', import.meta.url);
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('lib'))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

const rows = [];
for (const file of sections) {
  const section = await import(new URL(file, dir));
  process.stderr.write(`bench: ${section.title}…\n`);
  const report = (what, value, note = '') => {
    rows.push([section.title, what, value, note]);
    process.stderr.write(`  ${what}: ${value} ${note}\n`);
  };
  try {
    await section.run(report);
  } catch (e) {
    report('FAILED', String(e?.message ?? e));
    process.exitCode = 1;
  }
}
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\n${new Date().toISOString()}  node ${process.version}  ${(await import('node:os')).cpus().length} cores`);
for (const r of rows) console.log(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}`);
