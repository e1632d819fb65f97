// A fresh clone passes its tests anywhere: no test, script, CI step or document reaches outside the
// repository (a sibling checkout, an absolute path on some machine, notes kept elsewhere).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SCANNED = ['test', 'scripts', '.ci', 'examples', 'README.md', 'package.json', 'vitest.config.ts', 'tsconfig.json'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return [full];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' ? [] : files(join(path, name))));
}

// Notes kept outside the repository, by name (spelt in pieces so this file does not name them itself).
const OUTSIDE_NOTES = new RegExp(['design', 'guardduty-facts'].map((n) => `\\b${n}\\.md\\b`).join('|'));

/** Every place in `text` where a relative path (`../x`) or an absolute machine path leads out of `root`. */
function escapes(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\.\.\/)+[\w@.-]*/g)) {
    // In a document, a double-quoted value is an example of bad input (`AWS_REGION: "../../etc"`), not a path.
    if (file.endsWith('.md') && text[(m.index ?? 0) - 1] === '"') continue;
    // `new URL('../x', import.meta.url)` and `join(dirname, '../x')` resolve against the file's folder.
    const target = resolve(dirname(file), m[0]);
    if (relative(ROOT, target).startsWith('..')) out.push(m[0]);
  }
  for (const m of text.matchAll(/(?<![\w.:/])\/(?:work|home|Users)\/[\w./-]+/g)) out.push(m[0]);
  return out;
}

describe('the repository is self-contained', () => {
  const scanned = SCANNED.flatMap(files).filter((f) => f !== SELF && !/\.(png|gz|tgz)$/.test(f));

  it('scans the tests, scripts, CI, examples and README', () => {
    expect(scanned.some((f) => f.endsWith('README.md'))).toBe(true);
    expect(scanned.filter((f) => f.includes(`${join(ROOT, 'test')}/`)).length).toBeGreaterThan(20);
  });

  it('no file reaches outside the repository or names notes kept outside it', () => {
    const found: string[] = [];
    for (const file of scanned) {
      const text = readFileSync(file, 'utf8');
      for (const e of escapes(file, text)) found.push(`${relative(ROOT, file)}: ${e}`);
      const note = OUTSIDE_NOTES.exec(text);
      if (note) found.push(`${relative(ROOT, file)}: ${note[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('the circulating seed example the README validates is in the repository', () => {
    expect(readFileSync(join(ROOT, 'examples', 'seed-config.json'), 'utf8')).toMatch(/"Name": "EKS_AUDIT_LOGS",[\s\S]*"Name": "EKS_RUNTIME_MONITORING"/);
  });
});
