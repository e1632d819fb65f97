import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/domain/report.js';
import { emit, emitPaced } from '../../src/output/emit.js';
import type { Io } from '../../src/output/io.js';

/** An Io whose stdout takes a piece only on a later turn (a slow pipe reader), noting any write made before that. */
function slowIo() {
  const written: string[] = [];
  let busy = false;
  let overlapped = 0;
  let stderr = '';
  const plain = new Chalk({ level: 0 });
  const io: Io = {
    out: (t) => {
      if (busy) overlapped++;
      busy = true;
      written.push(t);
    },
    err: (t) => void (stderr += t),
    color: plain,
    errColor: plain,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    drain: () => new Promise((resolve) => setTimeout(() => ((busy = false), resolve()), 0)),
  };
  return { io, written, overlapped: () => overlapped, stderr: () => stderr };
}

const members = Array.from({ length: 3_000 }, (_, i) => ({ accountId: String(100_000_000_000 + i), relationshipStatus: 'Enabled', clusters: [{ name: `c-${i}`, issue: null }] }));
const document = { regions: [{ region: 'us-east-1', members }, { region: 'us-west-2', members }] };
const report: Report<unknown> = {
  output: { view: {}, document, lines: document.regions, inPieces: true },
  messages: [{ kind: 'note', text: 'after the output' }],
  exitCode: 3,
};

describe('emitPaced', () => {
  for (const format of ['json', 'ndjson'] as const) {
    it(`writes the same ${format} text as emit, each piece only once stdout has taken the one before, then the messages`, async () => {
      const paced = slowIo();
      expect(await emitPaced(paced.io, format, report)).toBe(3);
      const atOnce = slowIo();
      emit(atOnce.io, format, report);
      expect(paced.written.length).toBeGreaterThan(2);
      expect(paced.written.join('')).toBe(atOnce.written.join(''));
      expect(paced.overlapped()).toBe(0);
      expect(atOnce.overlapped()).toBeGreaterThan(0); // the fake notices what emit does
      expect(paced.stderr()).toBe('note: after the output\n');
      const text = paced.written.join('');
      if (format === 'json') expect(JSON.parse(text)).toEqual(document);
      else expect(text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(document.regions);
    });
  }

  it('stops writing once the reader has gone (EPIPE), and still returns the exit code', async () => {
    const slow = slowIo();
    let closed = false;
    const io: Io = { ...slow.io, drain: async () => void (closed = true), stdoutClosed: () => closed };
    expect(await emitPaced(io, 'json', report)).toBe(3);
    expect(slow.written).toHaveLength(1);
  });

  it('writes a table as emit does', async () => {
    const paced = slowIo();
    const atOnce = slowIo();
    const table = () => 'the table\n';
    expect(await emitPaced(paced.io, 'table', report, table)).toBe(emit(atOnce.io, 'table', report, table));
    expect(paced.written).toEqual(['the table\n']);
  });
});
