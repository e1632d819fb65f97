import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import type { Problem } from '../../src/errors.js';
import { MAX_FEATURES_BYTES, loadFeatures, readFeaturesSource } from '../../src/features/read.js';
import { formatProblem } from '../../src/features/format.js';

const dir = mkdtempSync(join(tmpdir(), 'gdeks-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = '[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]';

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const problems = (err as InputError).problems;
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

/** A stdin stand-in that would produce `total` bytes in 64 KiB chunks, counting how many it was asked for. */
function endlessStdin(total: number): { stream: Readable; produced: () => number } {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced };
}

describe('readFeaturesSource', () => {
  it('reads a path, labelling problems with it', async () => {
    const path = write('plain.json', VALID);
    await expect(readFeaturesSource(path)).resolves.toEqual({ file: path, text: VALID });
  });

  it('strips file:// like the AWS CLI', async () => {
    const path = write('prefixed.json', VALID);
    await expect(readFeaturesSource(`file://${path}`)).resolves.toEqual({ file: path, text: VALID });
  });

  it('expands ~ after file://, as the AWS CLI does and the shell does not', async () => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'f.json'), VALID);
    vi.stubEnv('HOME', home);
    try {
      await expect(readFeaturesSource('file://~/f.json')).resolves.toEqual({ file: join(home, 'f.json'), text: VALID });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads - from stdin, labelled <stdin>', async () => {
    const stdin = Readable.from([Buffer.from(VALID.slice(0, 10)), Buffer.from(VALID.slice(10))]);
    await expect(readFeaturesSource('-', stdin)).resolves.toEqual({ file: '<stdin>', text: VALID });
  });

  it('rejects an empty name as a usage error', async () => {
    await expect(readFeaturesSource('')).rejects.toBeInstanceOf(UsageError);
    await expect(readFeaturesSource('file://')).rejects.toBeInstanceOf(UsageError);
  });

  it('says plainly why a file cannot be read', async () => {
    const missing = join(dir, 'nope.json');
    const p = await problemOf(readFeaturesSource(missing));
    expect(p).toMatchObject({ file: missing, line: 0, column: 0, path: '$', message: `cannot read ${missing}: no such file` });
    // No made-up position: the message, which names the file, stands alone.
    expect(formatProblem(p)).toEqual([`cannot read ${missing}: no such file`]);
    expect((await problemOf(readFeaturesSource(dir))).message).toBe(`cannot read ${dir}: it is a directory`);
    expect((await problemOf(readFeaturesSource(`file://${missing}`))).message).toBe(`cannot read ${missing}: no such file`);
  });

  it('JSON given where the file name belongs is a usage error that shows how to pass it on stdin', async () => {
    const err = await readFeaturesSource('[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe('the features argument is JSON, not a file name: gdeks reads features from a file or stdin');
    expect((err as UsageError).details.join('\n')).toContain('| gdeks enable --features -');
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)(isRoot ? 'SKIPPED: permission denied cannot be tested as root' : 'says permission denied for an unreadable file', async () => {
    const path = write('secret.json', VALID);
    const { chmodSync } = await import('node:fs');
    chmodSync(path, 0o000);
    expect((await problemOf(readFeaturesSource(path))).message).toBe(`cannot read ${path}: permission denied`);
  });

  it('accepts a file of exactly the size limit and rejects one byte more', async () => {
    const exact = write('exact.json', VALID + ' '.repeat(MAX_FEATURES_BYTES - VALID.length));
    expect((await readFeaturesSource(exact)).text).toHaveLength(MAX_FEATURES_BYTES);
    const over = write('over.json', VALID + ' '.repeat(MAX_FEATURES_BYTES - VALID.length + 1));
    const p = await problemOf(readFeaturesSource(over));
    expect(p).toMatchObject({ line: 0, column: 0, path: '$' });
    expect(p.message).toBe(`${over} is larger than 1 MiB, the size limit for a features file`);
  });

  it('stops reading stdin at the size limit instead of buffering the rest', async () => {
    const total = 64 * 1024 * 1024;
    const { stream, produced } = endlessStdin(total);
    const p = await problemOf(readFeaturesSource('-', stream));
    expect(p.message).toBe('<stdin> is larger than 1 MiB, the size limit for a features file');
    expect(produced()).toBeLessThan(MAX_FEATURES_BYTES + 512 * 1024);
    expect(stream.destroyed).toBe(true);
  });

  it.skipIf(!existsSync('/dev/zero'))('stops at the size limit on an endless file such as /dev/zero', async () => {
    expect((await problemOf(readFeaturesSource('/dev/zero'))).message).toContain('size limit');
  });

  it('rejects invalid UTF-8 at the line and column of the bad byte', async () => {
    const path = write('latin1.json', Buffer.concat([Buffer.from('[\n  {"Name": "EKS_AUDIT_LOGS", "Status": "'), Buffer.from([0xc9]), Buffer.from('NABLED"}]')]));
    const p = await problemOf(readFeaturesSource(path));
    expect(p).toMatchObject({ line: 2, column: 41, path: '$' });
    expect(p.message).toBe('not valid UTF-8: byte 0xc9 at byte offset 42');
  });

  it('rejects invalid UTF-8 from stdin too', async () => {
    const p = await problemOf(readFeaturesSource('-', Readable.from([Buffer.from([0x5b, 0xff, 0x5d])])));
    expect(p).toMatchObject({ file: '<stdin>', line: 1, column: 2 });
  });

  it('recognizes a UTF-16 file (PowerShell redirection)', async () => {
    const path = write('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]));
    expect((await problemOf(readFeaturesSource(path))).message).toBe(`${path} is UTF-16 encoded; save it as UTF-8`);
  });
});

describe('loadFeatures', () => {
  it('reads and validates, with a UTF-8 byte-order mark', async () => {
    const path = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)]));
    await expect(loadFeatures(path)).resolves.toEqual({ file: path, features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] });
  });

  it('reports parse problems against the file name', async () => {
    const path = write('typo.json', '[{"Name": "EKS_AUDIT_LOG", "Status": "ENABLED"}]');
    const p = await problemOf(loadFeatures(`file://${path}`));
    expect(p).toMatchObject({ file: path, line: 1, column: 11, path: '$[0].Name' });
  });

  it('validates stdin', async () => {
    const p = await problemOf(loadFeatures('-', Readable.from(['[]'])));
    expect(p).toMatchObject({ file: '<stdin>', line: 1, column: 1, path: '$' });
  });
});

describe('an interrupted read', () => {
  it('stdin that never ends: an abort rejects at once with the signal\'s reason, and stops reading', async () => {
    const stdin = new Readable({ read() {} });
    const controller = new AbortController();
    const reading = readFeaturesSource('-', stdin, undefined, controller.signal);
    const reason = new Error('interrupted');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    expect(stdin.destroyed).toBe(true);
  });
});
