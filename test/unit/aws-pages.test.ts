import { describe, expect, it } from 'vitest';
import { MAX_EMPTY_PAGES, PageGuard } from '../../src/aws/pages.js';
import { checkShape } from '../../src/aws/response-shape.js';
import { scoreOf } from '../../src/domain/severity.js';

describe('PageGuard', () => {
  it('lets a listing with new tokens and items run, and ends quietly without a token', () => {
    const guard = new PageGuard('ListFindings', 'us-east-1');
    for (let i = 0; i < 1_000; i++) guard.next(`t${i}`, 50);
    expect(() => guard.next(undefined, 0)).not.toThrow();
    expect(() => guard.next('', 0)).not.toThrow();
  });

  it('stops on a token it has seen before, naming the operation and region', () => {
    const guard = new PageGuard('ListCoverage', 'eu-west-1');
    guard.next('a', 1);
    guard.next('b', 1);
    expect(() => guard.next('a', 1)).toThrow(/ListCoverage in eu-west-1 returned a page token it had already returned/);
  });

  it(`stops after ${MAX_EMPTY_PAGES} pages in a row with nothing new, and a page with items resets the count`, () => {
    const guard = new PageGuard('ListMembers', 'us-east-1');
    for (let i = 0; i < MAX_EMPTY_PAGES - 1; i++) guard.next(`e${i}`, 0);
    guard.next('full', 3);
    for (let i = 0; i < MAX_EMPTY_PAGES - 1; i++) guard.next(`f${i}`, 0);
    expect(() => guard.next('last', 0)).toThrow(/ListMembers in us-east-1 returned 100 pages in a row with nothing new/);
  });
});

describe('checkShape', () => {
  it('passes an answer with the fields gdeks reads, extra fields included', () => {
    const out = { FindingIds: ['a'], NextToken: 'x', Extra: 1, $metadata: {} };
    expect(checkShape('ListFindings', 'us-east-1', out)).toBe(out);
  });

  it('names the operation, region and field of a malformed answer', () => {
    expect(() => checkShape('GetFindings', 'us-east-1', {})).toThrow('GetFindings in us-east-1 returned a malformed answer: Findings: expected array, got nothing');
    expect(() => checkShape('ListFindings', 'ap-south-1', { FindingIds: 'notalist' })).toThrow(/FindingIds: expected array, got the string "notalist"/);
  });
});

describe('scoreOf', () => {
  it('is the score when it is a number, else the most severe (fail closed)', () => {
    expect(scoreOf(2.5)).toBe(2.5);
    expect(scoreOf(undefined)).toBe(10);
    expect(scoreOf('high')).toBe(10);
    expect(scoreOf(Number.NaN)).toBe(10);
  });
});
