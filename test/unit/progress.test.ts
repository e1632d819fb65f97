// The progress line on stderr (src/output/progress.ts): when it shows, what it writes, and that it is gone before
// the output. Fake timers: no test waits on the clock.
import { Chalk } from 'chalk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutputFormat } from '../../src/domain/globals.js';
import type { Io } from '../../src/output/io.js';
import { progressLine, showsProgress } from '../../src/output/progress.js';

function fakeIo(stdoutIsTTY: boolean, stderrIsTTY: boolean): Io & { errText: () => string } {
  const err: string[] = [];
  const plain = new Chalk({ level: 0 });
  return {
    out: () => undefined,
    err: (t) => void err.push(t),
    color: plain,
    errColor: plain,
    stdoutIsTTY,
    stderrIsTTY,
    drain: async () => undefined,
    errText: () => err.join(''),
  };
}

describe('progress line', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('shows only when stderr is a terminal and a person reads stdout', () => {
    const cases: Array<[OutputFormat, boolean, boolean, boolean]> = [
      ['table', true, true, true],
      ['table', false, true, true], // `gdeks findings list > out.txt` at a terminal
      ['table', true, false, false],
      ['csv', true, true, true],
      ['markdown', true, true, true],
      ['csv', false, true, false], // `-o csv | other-program`
      ['markdown', false, true, false],
      ['json', true, true, false],
      ['ndjson', true, true, false],
      ['json', false, false, false],
    ];
    for (const [format, stdout, stderr, shown] of cases) expect([format, stdout, stderr, showsProgress(fakeIo(stdout, stderr), format)]).toEqual([format, stdout, stderr, shown]);
  });

  it('appears after a second, is redrawn in place with the latest count, and is cleared when stopped', () => {
    const io = fakeIo(true, true);
    let fetched = 0;
    const p = progressLine(io, 'table', () => `fetched ${fetched} findings…`);
    vi.advanceTimersByTime(900);
    expect(io.errText()).toBe('');
    fetched = 3200;
    p.update();
    vi.advanceTimersByTime(200);
    expect(io.errText()).toBe('\r\x1b[2Kfetched 3200 findings…');
    fetched = 6400;
    p.update();
    vi.advanceTimersByTime(300);
    expect(io.errText().endsWith('\r\x1b[2Kfetched 6400 findings…')).toBe(true);
    p.stop();
    expect(io.errText().endsWith('\r\x1b[2K')).toBe(true);
    const before = io.errText();
    vi.advanceTimersByTime(5000);
    expect(io.errText()).toBe(before);
  });

  it('hide clears the line for stdout, and the next redraw brings it back', () => {
    const io = fakeIo(true, true);
    const p = progressLine(io, 'csv', () => 'fetched 50 findings…');
    vi.advanceTimersByTime(1000);
    p.hide?.();
    expect(io.errText()).toBe('\r\x1b[2Kfetched 50 findings…\r\x1b[2K');
    vi.advanceTimersByTime(250);
    expect(io.errText().endsWith('\r\x1b[2Kfetched 50 findings…')).toBe(true);
    p.stop();
  });

  it('a quick run shows nothing at all', () => {
    const io = fakeIo(true, true);
    const p = progressLine(io, 'table', () => 'fetched 1 finding…');
    vi.advanceTimersByTime(500);
    p.stop();
    vi.advanceTimersByTime(5000);
    expect(io.errText()).toBe('');
  });

  it('writes nothing when stderr is not a terminal, or the output is for a program', () => {
    for (const [format, stdout, stderr] of [['table', true, false], ['json', true, true], ['csv', false, true]] as const) {
      const io = fakeIo(stdout, stderr);
      const p = progressLine(io, format, () => 'fetched 1 finding…');
      p.update();
      vi.advanceTimersByTime(5000);
      p.hide?.();
      p.stop();
      expect(io.errText()).toBe('');
    }
  });
});
