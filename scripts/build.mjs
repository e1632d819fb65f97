// Bundles src/cli.ts into dist/. One bundle starts faster than hundreds of node_modules files, and code
// splitting keeps the AWS SDK in chunks that only AWS commands import (so --help and validate never load it).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/**
 * validate must not load the AWS SDK, yet its valid names come from the SDK's enums (so an SDK upgrade brings
 * new features). With code splitting, `import { DetectorFeature } from '@aws-sdk/client-guardduty'` puts the
 * enums in the chunk shared with the SDK runtime; resolving these importers' SDK import to the enums module
 * alone keeps that chunk out of validate. A non-enum import from these files then fails the build loudly.
 * They get their own copy of the enums module (a namespace of its own): the SDK's copy keeps every enum the
 * client re-exports (17 KB), this one only the few these files use.
 */
const enumsOnly = {
  name: 'sdk-enums-only',
  setup(b) {
    const light = /[\\/]src[\\/](features[\\/][^\\/]+|domain[\\/](frequency|features|enable-plan))\.ts$/;
    const enums = fileURLToPath(new URL('../node_modules/@aws-sdk/client-guardduty/dist-es/models/enums.js', import.meta.url));
    b.onResolve({ filter: /^@aws-sdk\/client-guardduty$/ }, (args) => {
      if (!light.test(args.importer)) return undefined;
      return { path: enums, namespace: 'sdk-enums-only' };
    });
    b.onLoad({ filter: /.*/, namespace: 'sdk-enums-only' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'js' }));
  },
};

// See src/output/chalk-no-detect.ts: chalk's own colour detection is never used, so it is not bundled.
const chalkNoDetect = {
  name: 'chalk-no-detect',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: fileURLToPath(new URL('../src/output/chalk-no-detect.ts', import.meta.url)) }));
  },
};

// commander loads node:child_process (and with it net, dgram, streams) at start-up, only for executable
// subcommands, which gdeks does not have: about 11 M instructions of every start (callgrind), for nothing.
const commanderNoSpawn = {
  name: 'commander-no-spawn',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => {
      if (!/[\\/]commander[\\/]/.test(args.importer)) return undefined;
      return { path: 'stub', namespace: 'commander-no-spawn' };
    });
    b.onLoad({ filter: /.*/, namespace: 'commander-no-spawn' }, () => ({
      contents: "module.exports = { spawn() { throw new Error('gdeks has no executable subcommands'); } };",
      loader: 'js',
    }));
  },
};

// The SDK runs a profile's credential_process with child_process.exec, which waits as long as the command
// does and ignores gdeks being interrupted; src/aws/credential-process-exec.ts bounds it.
const boundedCredentialProcess = {
  name: 'bounded-credential-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => {
      if (!/[\\/]credential-provider-process[\\/]/.test(args.importer)) return undefined;
      return { path: fileURLToPath(new URL('../src/aws/credential-process-exec.ts', import.meta.url)) };
    });
  },
};

const result = await build({
  plugins: [enumsOnly, chalkNoDetect, commanderNoSpawn, boundedCredentialProcess],
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
  minify: true,
  logLevel: 'warning',
  metafile: true,
  define: { __GDEKS_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __gdeksCreateRequire } from 'node:module'; const require = __gdeksCreateRequire(import.meta.url);" },
});

// bin/gdeks.js answers `gdeks --version` from this alone, without loading the CLI (the same version as src/version.ts).
writeFileSync('dist/version.js', `export const VERSION = ${JSON.stringify(pkg.version)};\n`);

// For start-up work: `GDEKS_BUILD_META=1 npm run build` writes what each chunk contains.
if (process.env.GDEKS_BUILD_META) writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
