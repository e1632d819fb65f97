import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/moto.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLE = join(ROOT, 'examples/config.json');

/**
 * Runs the built binary with a module hook that names every file of dist/ it loads, and returns their contents:
 * what a command loads at start-up is what it pays for, so an import that drags in an SDK it never calls shows here.
 */
function loadedFiles(args: string[]): { code: number | null; files: Map<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'gdeks-modules-'));
  const hook = join(dir, 'hook.mjs');
  const loader = `export async function load(url, context, next) { if (url.includes('/dist/')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }`;
  writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(loader)}`)});\n`);
  const r = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'bin/gdeks.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', NODE_DISABLE_COMPILE_CACHE: '1' },
    timeout: 60_000,
  });
  const files = new Map<string, string>();
  for (const m of r.stderr.matchAll(/^LOADED (file:\S+)$/gm)) files.set(m[1] as string, readFileSync(new URL(m[1] as string), 'utf8'));
  return { code: r.status, files };
}

/** Each client's service model names its service this way (in the schemas of @aws-sdk/client-guardduty / client-eks). */
const loads = (files: Map<string, string>, service: 'guardduty' | 'eks') => [...files.values()].some((text) => text.includes(`com.amazonaws.${service}`));

describe('what a command loads at start-up (the built binary)', () => {
  it('validate loads neither AWS client', () => {
    const r = loadedFiles(['validate', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.files.size).toBeGreaterThan(0);
    expect(loads(r.files, 'guardduty')).toBe(false);
    expect(loads(r.files, 'eks')).toBe(false);
  });

  it('`validate FILE` loads one file of dist/ (no commander); another form of validate loads the full CLI', () => {
    const direct = loadedFiles(['validate', EXAMPLE]);
    expect(direct.code).toBe(0);
    expect([...direct.files.keys()].map((url) => url.replace(/.*\/dist\//, ''))).toEqual(['validate.js']);
    // One of commander's own messages.
    expect([...direct.files.values()].some((text) => text.includes('missing required argument'))).toBe(false);
    const viaCommander = loadedFiles(['validate', '--', EXAMPLE]);
    expect(viaCommander.code).toBe(0);
    expect([...viaCommander.files.keys()].some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
    expect([...viaCommander.files.keys()].some((url) => url.endsWith('/dist/validate.js'))).toBe(false);
  });

  it('enable --dry-run loads the GuardDuty client and not the EKS one, which it never calls', async () => {
    // Nothing listens on this port: the run loads its client, is refused at once and exits 1.
    const port = await freePort();
    const r = loadedFiles(['enable', '--features', EXAMPLE, '--dry-run', '--endpoint-url', `http://127.0.0.1:${port}`, '--max-attempts', '1']);
    expect(r.code).toBe(1);
    expect(loads(r.files, 'guardduty')).toBe(true);
    expect(loads(r.files, 'eks')).toBe(false);
  });
});
