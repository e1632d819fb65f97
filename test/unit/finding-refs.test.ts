import { describe, expect, it } from 'vitest';
import { matchPrefix, parseFindingRef, parseFindingRefs, splitIdList, SHOWN_CANDIDATES } from '../../src/domain/finding-refs.js';

const ID = '8ac7e1f0a2b34c5d6e7f8091a2b3c4d5';
const DET = '12abc34d5e6f7a8b9c0d1e2f3a4b5c6d';
const ARN = `arn:aws:guardduty:eu-west-1:111122223333:detector/${DET}/finding/${ID}`;

describe('parseFindingRef', () => {
  it('a full id (32 characters or more) is taken as it is; shorter is a prefix', () => {
    expect(parseFindingRef(ID)).toEqual({ kind: 'id', id: ID, given: ID });
    expect(parseFindingRef(` ${ID}\n`)).toEqual({ kind: 'id', id: ID, given: ID });
    expect(parseFindingRef('x'.repeat(40))).toMatchObject({ kind: 'id' });
    expect(parseFindingRef('8ac7')).toEqual({ kind: 'prefix', prefix: '8ac7', given: '8ac7' });
    expect(parseFindingRef(ID.slice(0, 31))).toMatchObject({ kind: 'prefix' });
  });

  it('a finding ARN: its region, account, detector and id', () => {
    expect(parseFindingRef(ARN)).toEqual({ kind: 'arn', arn: ARN, region: 'eu-west-1', accountId: '111122223333', detectorId: DET, id: ID, given: ARN });
    expect(parseFindingRef(ARN.replace('arn:aws:', 'arn:aws-us-gov:').replace('eu-west-1', 'us-gov-west-1'))).toMatchObject({ kind: 'arn', region: 'us-gov-west-1' });
  });

  it.each([
    ['arn:aws:guardduty:eu-west-1:111122223333:detector/d/findings/x', /is not a GuardDuty finding ARN/],
    [`arn:aws:s3:::bucket/${ID}`, /is not a GuardDuty finding ARN/],
    [ARN.replace('eu-west-1', 'EU_WEST'), /"EU_WEST" is not a region name/],
    [ARN.replace('111122223333', '1111'), /"1111" is not an account id/],
    [ARN.replace(`finding/${ID}`, 'finding/ABC'), /"ABC" is not a finding id/],
    [`${ARN}/extra`, /is not a GuardDuty finding ARN/],
  ])('a malformed ARN %s says what is wrong', (value, problem) => {
    const ref = parseFindingRef(value);
    expect('problem' in ref && ref.problem).toMatch(problem);
  });

  it.each([['ABCDEF12'], ['has-dash0'], ['x'.repeat(301)], [''], ['abc'], ['8ac7/../x']])('%j is not an id', (value) => {
    expect(parseFindingRef(value)).toHaveProperty('problem');
  });
});

describe('parseFindingRefs', () => {
  it('keeps the order given and drops repeats', () => {
    expect(parseFindingRefs([ID, '8ac7', ID, ARN, '8ac7']).map((r) => r.given)).toEqual([ID, '8ac7', ARN]);
  });

  it('names every bad one at once (exit 2)', () => {
    let message = '';
    try {
      parseFindingRefs([ID, 'NOPE', 'ab', 'arn:aws:guardduty:x']);
    } catch (e) {
      message = (e as Error).message;
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
    expect(message).toMatch(/^3 arguments are not GuardDuty finding ids: "NOPE", "ab" is too short .*, "arn:aws:guardduty:x" is not a GuardDuty finding ARN/);
    expect(() => parseFindingRefs(['NOPE'])).toThrow(/^"NOPE" is not a GuardDuty finding id \(/);
    expect(() => parseFindingRefs(['ab'])).toThrow(/^"ab" is too short to pick a finding \(give at least 4 characters/);
  });
});

describe('splitIdList', () => {
  it('splits on any whitespace: spaces, tabs, newlines, CRLF; blank input is no ids', () => {
    expect(splitIdList(`${ID}\n${ARN}\r\n\t8ac7  ffff\n\n`)).toEqual([ID, ARN, '8ac7', 'ffff']);
    expect(splitIdList(' \n\t\r\n')).toEqual([]);
    expect(splitIdList('')).toEqual([]);
  });
});

describe('matchPrefix', () => {
  const ids = (...list: string[]) => list.map((id) => ({ id, region: 'us-east-1' }));

  it('one match is unique; none is none', () => {
    expect(matchPrefix('8ac7', ids(ID, 'ffff0000'))).toEqual({ kind: 'unique', match: { id: ID, region: 'us-east-1' } });
    expect(matchPrefix('0000', ids(ID, 'ffff0000'))).toEqual({ kind: 'none' });
  });

  it('several: ambiguous, with how many and the first few in order', () => {
    const many = Array.from({ length: 9 }, (_, i) => `abcd${9 - i}`);
    const m = matchPrefix('abcd', ids(...many, 'abce1'));
    expect(m.kind).toBe('ambiguous');
    if (m.kind !== 'ambiguous') return;
    expect(m.count).toBe(9);
    expect(m.candidates.map((c) => c.id)).toEqual(['abcd1', 'abcd2', 'abcd3', 'abcd4', 'abcd5'].slice(0, SHOWN_CANDIDATES));
  });

  it('the same id in two regions counts twice: a prefix must pick one finding', () => {
    const m = matchPrefix('8ac7', [{ id: ID, region: 'us-east-1' }, { id: ID, region: 'eu-west-1' }]);
    expect(m).toMatchObject({ kind: 'ambiguous', count: 2 });
  });
});
