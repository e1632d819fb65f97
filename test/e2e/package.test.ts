/**
 * The published package: only what a user runs (bin/, the bundled dist/ without source maps, README, LICENSE,
 * examples/), and a bundle that needs nothing from devDependencies at run time.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

interface PackResult {
  files: { path: string; size: number; mode: number }[];
  size: number;
  unpackedSize: number;
}

let pack: PackResult;
let paths: string[];

beforeAll(() => {
  // --ignore-scripts: prepack would rebuild dist/ under the feet of the other end-to-end tests; `npm test`
  // has built it already.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  pack = (JSON.parse(out) as PackResult[])[0]!;
  paths = pack.files.map((f) => f.path).sort();
});

describe('npm pack', () => {
  it('contains what a user needs', () => {
    expect(paths, 'dist/ is missing: run `npm run build` first').toEqual(
      expect.arrayContaining(['bin/gdeks.js', 'dist/cli.js', 'dist/validate.js', 'dist/version.js', 'README.md', 'LICENSE', 'examples/config.json', 'package.json']),
    );
  });

  it('contains nothing else: no sources, tests, scripts, CI files or source maps', () => {
    const unexpected = paths.filter(
      (p) => !(['README.md', 'LICENSE', 'package.json', 'bin/gdeks.js'].includes(p) || /^dist\/[\w.-]+\.js$/.test(p) || p.startsWith('examples/')),
    );
    expect(unexpected).toEqual([]);
    for (const dir of ['src/', 'test/', 'scripts/', '.ci/', '.cache/', 'node_modules/']) expect(paths.filter((p) => p.startsWith(dir))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map') || p.endsWith('.ts'))).toEqual([]);
    // A guard against a build that starts shipping megabytes (source maps or an unbundled SDK).
    expect(pack.unpackedSize).toBeLessThan(3 * 1024 * 1024);
  });

  it('every module the bundle imports is packed, a Node built-in, or an optional SDK extension', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { dependencies?: Record<string, string> };
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // The SDK requires these inside try/catch for SigV4a (multi-region access points), which GuardDuty and EKS never use.
    const optional = new Set(['@aws-sdk/signature-v4-crt', '@aws-sdk/signature-v4a']);
    const missing: string[] = [];
    for (const file of paths.filter((p) => p.startsWith('dist/') || p.startsWith('bin/'))) {
      const code = readFileSync(`${ROOT}${file}`, 'utf8');
      const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(["'])([^"'\n]+)\1/g)].map((m) => m[2]!);
      for (const s of specifiers) {
        // The pattern also catches prose such as `from '.command()'` in help texts; only module-shaped names count.
        const bare = /^(node:)?((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(\/[\w./-]*)?$/.exec(s);
        if (/^\.\.?\/[\w./-]+\.js$/.test(s)) {
          const target = new URL(s, `file://${ROOT}${file}`).pathname.slice(ROOT.length);
          if (!paths.includes(target)) missing.push(`${file} -> ${s} (not packed)`);
        } else if (bare && !builtins.has(s) && !optional.has(bare[2]!) && !(bare[2]! in (pkg.dependencies ?? {}))) {
          missing.push(`${file} -> ${s} (not a dependency)`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
