import { describe, expect, it } from 'vitest';
import { outputColumns } from '../../src/output/io.js';

describe('outputColumns', () => {
  it("a terminal's own width wins over COLUMNS", () => {
    expect(outputColumns({ isTTY: true, columns: 93 }, { COLUMNS: '200' })).toBe(93);
  });
  it('through a pipe, COLUMNS when it is a positive whole number', () => {
    expect(outputColumns({}, { COLUMNS: '80' })).toBe(80);
    for (const bad of ['', '0', '-5', 'wide', '80.5']) expect(outputColumns({}, { COLUMNS: bad })).toBeUndefined();
  });
  it('nothing known: undefined, so the table keeps its 120-column default', () => {
    expect(outputColumns({ isTTY: false, columns: 50 }, {})).toBeUndefined();
  });
});
