/**
 * renderTable draws the usual table (plain or coloured ASCII) itself, without cli-table3 (src/output/table.ts):
 * whatever the cells, the text is the one cli-table3 draws. Runs are seeded, so a failure reproduces.
 */
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawnByCliTable3, renderTable } from '../../src/output/table.js';

const RUNS = 300;
const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
const styles = ['bold', 'dim', 'red', 'green', 'yellow', 'cyan', 'gray'] as const;

/** A cell as the renderers make them: text, perhaps coloured by chalk (nested styles too), at any colour level. */
const cell = (chalk: InstanceType<typeof Chalk>) =>
  fc.tuple(ascii, fc.subarray([...styles], { maxLength: 2 })).map(([text, applied]) => applied.reduce((t, s) => chalk[s](t), text));

const table = fc.integer({ min: 0, max: 3 }).chain((level) => {
  const chalk = new Chalk({ level: level as 0 | 1 | 2 | 3 });
  return fc.integer({ min: 1, max: 6 }).chain((columns) =>
    fc.record({
      chalk: fc.constant(chalk),
      headers: fc.array(ascii, { minLength: columns, maxLength: columns }),
      rows: fc.array(fc.array(cell(chalk), { minLength: columns, maxLength: columns }), { maxLength: 5 }),
    }),
  );
});

describe('renderTable', () => {
  it(`draws what cli-table3 draws for plain and coloured ASCII cells (${RUNS} tables)`, () => {
    fc.assert(
      fc.property(table, ({ chalk, headers, rows }) => {
        expect(renderTable(headers, rows, chalk)).toBe(drawnByCliTable3(headers.map((h) => chalk.bold(h)), rows));
      }),
      { numRuns: RUNS, seed: 20260101 },
    );
  });

  it('leaves wide characters, emoji and line breaks to cli-table3', () => {
    const chalk = new Chalk({ level: 0 });
    for (const odd of ['日本語', 'café', '🚀 go', 'two\nlines', 'tab\there']) {
      const rows = [[odd, 'x'], ['y', 'z']];
      expect(renderTable(['A', 'B'], rows, chalk)).toBe(drawnByCliTable3(['A', 'B'], rows));
    }
  });
});
