// Bundles src/cli.ts into dist/. One bundle starts faster than hundreds of node_modules files, and code
// splitting keeps the AWS SDK in chunks that only AWS commands import (so --help and validate never load it).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
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

// The SDK's HTTP handler loads node:http with `await import()` the first time it sends to an http:// endpoint
// (--endpoint-url http://localhost...). Imported as ESM, a built-in module's every export is read, and on Node 22
// and later node:http's WebSocket, CloseEvent and MessageEvent getters then load Node's bundled fetch
// implementation (undici): about 20 % of `enable --dry-run`'s start-up against a local endpoint, for classes gdeks
// never uses. require() (given to every chunk by the banner below) returns the same module without reading them.
const httpWithoutWebSocket = {
  name: 'http-without-websocket',
  setup(b) {
    b.onLoad({ filter: /[\\/]@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http-handler\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const dynamic = 'await import("node:http")';
      // An SDK upgrade that changes this line fails the build rather than silently losing the gain.
      if (!source.includes(dynamic)) throw new Error(`${args.path}: no ${dynamic} to replace (see scripts/build.mjs)`);
      return { contents: source.replace(dynamic, 'require("node:http")'), loader: 'js' };
    });
  },
};

// An ESM import of a built-in module reads every export, and some exports are getters that load more of Node: a
// `node:fs` import loaded fs/promises, and with it readline, the REPL history and the file watchers (a few per cent
// of `validate`'s start-up). require() (given to every chunk by the banner below) returns the same module and runs
// a getter only when its export is used. Last, so that the plugins above still replace child_process where they do.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, (args) => {
      // A chunk made for `await import('node:net')` would offer only a default export: left to Node.
      if (!isBuiltin(args.path) || args.kind === 'dynamic-import') return undefined;
      // The shim's own require() is the runtime's.
      if (args.namespace === 'builtin-by-require') return { path: args.path, external: true };
      return { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: 'builtin-by-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

// src/output/table.ts draws most tables itself and hands only the rest (wide characters, fixed widths) to
// cli-table3. Imported, cli-table3 and its colour and string-width modules were evaluated at every start of a
// command that prints a table (about 3 % of `validate`'s); required where it is used, only when it is used.
const cliTable3WhenUsed = {
  name: 'cli-table3-when-used',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]output[\\/]table\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const imported = "import Table from 'cli-table3';";
      // Exactly one of each, or the build stops: a second use left behind would be a ReferenceError at run time.
      const [head, ...uses] = source.split(/\bnew Table\(/);
      if (source.split(imported).length !== 2 || uses.length !== 1) {
        throw new Error(`${args.path}: expected one ${imported} and one use of it to replace (see scripts/build.mjs)`);
      }
      const contents = [head, ...uses].join("new (require('cli-table3') as typeof import('cli-table3'))(").replace(imported, '');
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  plugins: [enumsOnly, chalkNoDetect, commanderNoSpawn, boundedCredentialProcess, httpWithoutWebSocket, cliTable3WhenUsed],
  bundle: true,
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
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __gdeksCreateRequire } from 'node:module'; const require = __gdeksCreateRequire(import.meta.url);" },
};

const result = await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  splitting: true,
  define: { __GDEKS_VERSION__: JSON.stringify(pkg.version), __GDEKS_VALIDATE_ONLY__: 'false' },
});

// `gdeks validate FILE` (bin/gdeks.js picks it): the same src/cli.ts with commander's branch cut out, in one file.
// Each file of dist/ a run loads costs its own resolution, read and link: the 18 files of this path through
// dist/cli.js took about a sixth of validate's start-up.
const validateOnly = await build({
  ...common,
  entryPoints: { validate: 'src/cli.ts' },
  // Here only: in the split build the same shims made `enable`'s start slower (more garbage collection).
  plugins: [...common.plugins, builtinsByRequire],
  outdir: 'dist',
  splitting: false,
  define: { __GDEKS_VERSION__: JSON.stringify(pkg.version), __GDEKS_VALIDATE_ONLY__: 'true' },
});
// A dynamic import the cut missed would be bundled into this one file: commander, then every command, then the SDK.
for (const input of Object.keys(validateOnly.metafile.inputs)) {
  if (!input.startsWith('sdk-enums-only:') && /node_modules[\\/](commander|@aws-sdk|@smithy)[\\/]|src[\\/]program\.ts$/.test(input)) {
    throw new Error(`dist/validate.js must not contain ${input} (see __GDEKS_VALIDATE_ONLY__ in src/cli.ts)`);
  }
}

// bin/gdeks.js answers `gdeks --version` from this alone, without loading the CLI (the same version as src/version.ts).
writeFileSync('dist/version.js', `export const VERSION = ${JSON.stringify(pkg.version)};\n`);

// For start-up work: `GDEKS_BUILD_META=1 npm run build` writes what each chunk contains.
if (process.env.GDEKS_BUILD_META) writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
