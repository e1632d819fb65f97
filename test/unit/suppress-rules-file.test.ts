import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatProblems } from '../../src/features/format.js';
import { parseRulesText } from '../../src/features/rules.js';

function problems(text: string): string[] {
  try {
    parseRulesText(text, 'rules.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return formatProblems((e as InputError).problems);
  }
  throw new Error('expected an InputError');
}

describe('suppression rules file', () => {
  it('a valid file: rules in the words of suppress add, criteria as suppress add builds them', () => {
    const { rules } = parseRulesText(
      JSON.stringify([
        { name: 'eicar-test', description: 'EICAR', match: { type: 'Execution:Runtime/MaliciousFile', namespace: 'security-tests' } },
        { name: 'trivy', action: 'noop', rank: 2, match: { pod: 'trivy-*', cluster: ['prod', 'staging'] } },
        { name: 'one-cluster', match: { cluster: 'prod', severity: 7 } },
      ]),
      'rules.json',
    );
    expect(rules.map((r) => [r.name, r.action, r.rank, r.description])).toEqual([
      ['eicar-test', 'ARCHIVE', undefined, 'EICAR'],
      ['trivy', 'NOOP', 2, undefined],
      ['one-cluster', 'ARCHIVE', undefined, undefined],
    ]);
    expect(rules[1]?.criteria.Criterion?.['resource.kubernetesDetails.kubernetesWorkloadDetails.name']).toEqual({ Matches: ['trivy-*'] });
    expect(rules[1]?.criteria.Criterion?.['resource.eksClusterDetails.name']).toEqual({ Equals: ['prod', 'staging'] });
    expect(rules[2]?.criteria.Criterion?.severity).toEqual({ GreaterThanOrEqual: 7 });
  });

  it('every problem at once, each at its line:column with its JSON path', () => {
    const text = [
      '[',
      '  { "name": "x", "acton": "archive", "match": { "pod": "*", "clster": "prod" } },',
      '  { "name": "dup-name", "rank": 0, "match": {} },',
      '  { "name": "dup-name", "cluster": "prod", "match": { "severity": "hgh" } }',
      ']',
    ].join('\n');
    const lines = problems(text);
    expect(lines.filter((l) => !l.startsWith(' '))).toEqual([
      `rules.json:2:13: rule name "x" is not a GuardDuty filter name: 3–64 letters, digits, '.', '_' or '-' (at $[0].name)`,
      'rules.json:2:18: unknown key "acton"; did you mean "action"? (at $[0].acton)',
      'rules.json:2:56: "pod": give a workload (pod) name, or a prefix such as scanner-*; "*" matches everything (at $[0].match.pod)',
      'rules.json:2:61: unknown key "clster"; did you mean "cluster"? (at $[0].match.clster)',
      `rules.json:3:33: "rank": 0 must be a whole number from 1 to 100 (the filter's position; 1 is applied first) (at $[1].rank)`,
      'rules.json:3:45: a rule needs at least one criterion: without one it would archive every EKS finding (at $[1].match)',
      'rules.json:4:13: rule dup-name is listed twice (also at line 3, column 13); names are unique per region (at $[2].name)',
      'rules.json:4:25: "cluster" is a criterion: it goes inside "match" (at $[2].cluster)',
      'rules.json:4:67: "severity": "hgh" is not a severity; use one of low, medium, high, critical or a score from 1 to 10 (that level or above) (at $[2].match.severity)',
    ]);
  });

  it('not JSON: where and what was expected, with the features file machinery', () => {
    expect(problems('[{"name": "a-b", "match": {"pod": "x"}},]')[0]).toBe("rules.json:1:41: not valid JSON: expected a value, found ']' (at $)");
    expect(problems('{"name": "a"}')[0]).toMatch(/^rules\.json:1:1: a rules file is a JSON array of rules, found an object/);
    expect(problems('')[0]).toMatch(/the file is empty; expected a JSON array of rules/);
  });

  it('a repeated key is caught (JSON.parse would keep only the last silently)', () => {
    expect(problems('[{"name": "aaa", "match": {"pod": "a", "pod": "b"}}]')[0]).toMatch(/^rules\.json:1:40: duplicate key "pod" in one object/);
  });

  it('wrong types say what was expected', () => {
    const lines = problems('[{"name": 5, "rank": "1", "match": {"cluster": [1]}}]');
    expect(lines).toContain('rules.json:1:11: "name" must be a string, found number 5 (at $[0].name)');
    expect(lines).toContain('rules.json:1:22: "rank" must be a number from 1 to 100, found "1" (at $[0].rank)');
  });
});
