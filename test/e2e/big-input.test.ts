/**
 * Features files that are large but under the 1 MiB cap: the binary rejects them like any bad input (exit 2, a
 * bounded list, the true number of problems), without crashing or running out of memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'gdeks-big-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Generous: the machine running the suite is shared; these take a few seconds on a quiet one. */
const LIMIT_MS = 120_000;

describe('validate: big features files under the size cap', () => {
  it('70,000 empty additional configurations (210 KB): exit 2 and the true count, no stack overflow', async () => {
    const empties = Array.from({ length: 70_000 }, () => '{}').join(',');
    const path = file('addons.json', `[{"Name":"EKS_RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[${empties}]}]`);
    const r = await runBin(['validate', path], { timeoutMs: LIMIT_MS });
    expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(r.code).toBe(2);
    // Each entry lacks "Name" and "Status".
    expect(r.stderr).toMatch(/and 139,900 more problem\(s\) not shown/);
    expect(r.stderr).toMatch(/\n140,000 problems; nothing was sent to AWS\.\n$/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(101);
  }, LIMIT_MS + 10_000);

  it('1 MiB of [{},{},...]: exit 2 with the true count (699,048), not the length of the shown list', async () => {
    let text = '[';
    while (text.length < 1024 * 1024 - 4) text += '{},';
    const path = file('empties.json', `${text.slice(0, -1)}]`);
    const r = await runBin(['validate', path], { timeoutMs: LIMIT_MS });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n699,048 problems; nothing was sent to AWS\.\n$/);
    expect(r.stderr).toMatch(/and 698,948 more problem\(s\) not shown/);
  }, LIMIT_MS + 10_000);
});
