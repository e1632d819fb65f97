/**
 * `-o json` / `-o ndjson` of status --organization are written in pieces (src/output/json-pieces.ts): joined, the
 * pieces must be exactly JSON.stringify's text, whatever the value, at every indent used. Seeded runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/output/json-pieces.js';

const run = { seed: 20_261_201, numRuns: 1_000 };
const joined = (value: unknown, indent: number) => [...jsonPieces(value, indent)].join('');

describe('jsonPieces', () => {
  it('joins to JSON.stringify(value, null, indent) for any JSON value, indent 0 and 2 (1,000 values each)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), fc.constantFrom(0, 2), (value, indent) => joined(value, indent) === JSON.stringify(value, null, indent)),
      run,
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes dates, Maps and nested toJSON as it does', () => {
    const value = {
      regions: [
        { a: undefined, f: () => 1, d: new Date(0), m: new Map([[1, 2]]), list: [undefined, () => 1, Symbol('s'), { toJSON: () => 'x' }] },
        { deep: { deeper: { deepest: { bottom: [1, { line: 'a\nb\u2028c' }] } } } },
        [],
        {},
      ],
    };
    for (const indent of [0, 2]) expect(joined(value, indent)).toBe(JSON.stringify(value, null, indent));
  });

  it('a document of 20,000 members comes in pieces of about 64 KB, never as one string', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => ({ accountId: String(200_000_000_000 + i), verdict: 'protected', clusters: [{ name: `c-${i}` }] }));
    const document = { regions: [{ region: 'us-east-1', members, summary: { members: members.length } }] };
    const pieces = [...jsonPieces(document, 2)];
    expect(pieces.join('')).toBe(JSON.stringify(document, null, 2));
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(256 * 1024);
  });
});
