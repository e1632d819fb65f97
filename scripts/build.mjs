// Bundles src/cli.ts into dist/. One bundle starts faster than hundreds of node_modules files, and code
// splitting keeps the AWS SDK in chunks that only AWS commands import (so --help and validate never load it).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK ships ESM builds under "module"; they tree-shake (the enums used by validate cost ~1 KB).
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __GDEKS_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __gdeksCreateRequire } from 'node:module'; const require = __gdeksCreateRequire(import.meta.url);" },
});
