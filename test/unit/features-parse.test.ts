import { readFileSync } from 'node:fs';
import { DetectorFeature } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Problem } from '../../src/errors.js';
import { formatProblem } from '../../src/features/format.js';
import { ADDITIONAL_CONFIGURATION_NAMES, allowedAdditionalFor, featuresForAdditional } from '../../src/features/names.js';
import { MAX_PROBLEMS, parseFeaturesText } from '../../src/features/parse.js';

/** The problems parseFeaturesText reports for `text`; fails the test if it accepts the text. */
function problemsOf(text: string, file = 'f.json'): Problem[] {
  try {
    parseFeaturesText(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return [...(err as InputError).problems];
  }
  throw new Error(`accepted: ${text}`);
}

/** The only problem, as `line:column path`, plus its message. */
function only(text: string): Problem {
  const problems = problemsOf(text);
  expect(problems.map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`)).toHaveLength(1);
  return problems[0]!;
}

const where = (p: Problem): string => `${p.line}:${p.column} ${p.path}`;

describe('valid files', () => {
  it('accepts examples/config.json and returns it normalized, in file order', () => {
    const text = readFileSync(new URL('../../examples/config.json', import.meta.url), 'utf8');
    expect(parseFeaturesText(text, 'examples/config.json')).toEqual([
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      {
        Name: 'EKS_RUNTIME_MONITORING',
        Status: 'ENABLED',
        AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }],
      },
    ]);
  });

  it('adds AdditionalConfiguration only where the file has it (an empty list stays an empty list)', () => {
    const features = parseFeaturesText(
      '[{"Status":"DISABLED","Name":"S3_DATA_EVENTS"},{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[]}]',
      'f.json',
    );
    expect(features).toEqual([
      { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' },
      { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [] },
    ]);
    expect(Object.keys(features[0]!)).toEqual(['Name', 'Status']);
  });

  it('accepts every feature the installed SDK knows (names are not a hand-copied list)', () => {
    for (const name of Object.values(DetectorFeature)) {
      expect(parseFeaturesText(`[{"Name":"${name}","Status":"ENABLED"}]`, 'f.json')).toEqual([{ Name: name, Status: 'ENABLED' }]);
    }
  });

  it('strips a UTF-8 byte-order mark without shifting columns', () => {
    expect(parseFeaturesText('\ufeff[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]', 'f.json')).toHaveLength(1);
    expect(where(only('\ufeff[{"Name":"EKS_AUDIT_LOG","Status":"ENABLED"}]'))).toBe('1:10 $[0].Name');
  });
});

// The repository's own copy of the circulating example (the README's `gdeks validate` example runs it).
const seedUrl = new URL('../../examples/seed-config.json', import.meta.url);

describe('the seed config (two features pasted into one object)', () => {
  it(
    'names both lines of each duplicated key and what gets lost',
    () => {
      const problems = problemsOf(readFileSync(seedUrl, 'utf8'), 'seed-config.json');
      expect(problems.map(where)).toEqual(['5:5 $[0].Name', '6:5 $[0].Status']);
      const [name, status] = problems as [Problem, Problem];
      expect(name.message).toContain('duplicate key "Name"');
      expect(name.message).toContain('lines 3 and 5');
      expect(name.message).toContain('JSON.parse and the AWS CLI keep only the last value');
      expect(name.message).toContain('feature EKS_AUDIT_LOGS would be silently dropped');
      expect(status.message).toContain('duplicate key "Status"');
      expect(status.message).toContain('lines 4 and 6');
      // The corrected form is shown once, not per duplicated key.
      expect(status.hints ?? []).toEqual([]);
    },
  );

  it(
    'shows the corrected form: valid JSON with one object per feature',
    () => {
      const [name] = problemsOf(readFileSync(seedUrl, 'utf8'), 'seed-config.json');
      const [intro, ...json] = name!.hints!;
      expect(intro).toMatch(/each feature needs its own \{ \} object/);
      const corrected = json.join('\n');
      expect(JSON.parse(corrected)).toHaveLength(2);
      expect(parseFeaturesText(corrected, 'corrected.json')).toEqual([
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        {
          Name: 'EKS_RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }],
        },
      ]);
    },
  );
});

describe('duplicate keys elsewhere', () => {
  it('names every line of a key repeated three times', () => {
    const p = only('[{"Name":"EKS_AUDIT_LOGS",\n"Status":"ENABLED",\n"Status":"DISABLED",\n"Status":"ENABLED"}]');
    expect(where(p)).toBe('3:1 $[0].Status');
    expect(p.message).toContain('lines 2, 3 and 4');
    expect(p.message).toContain('the values at lines 2 and 3 are silently ignored');
  });

  it('the same value twice is a repeat to remove, not a lost feature, and no "intended file" is invented', () => {
    const p = only('[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED","Name":"EKS_AUDIT_LOGS"}]');
    expect(where(p)).toBe('1:46 $[0].Name');
    expect(p.message).toBe('duplicate key "Name" in one object (twice on line 1), each time "EKS_AUDIT_LOGS": remove the repeat');
    expect(p.hints ?? []).toEqual([]);
  });

  it('different values on one line: the line is named once, what is lost is still said', () => {
    const p = only('[{"Name":"EKS_AUDIT_LOGS","Status":"DISABLED","Status":"ENABLED"}]');
    expect(p.message).toMatch(/^duplicate key "Status" in one object \(twice on line 1\): .*the value at line 1 is silently ignored$/);
  });

  it('splits a doubled additional configuration into two objects in the corrected form', () => {
    const [p] = problemsOf(
      '[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED","Name":"EC2_AGENT_MANAGEMENT","Status":"ENABLED"}]}]',
    );
    expect(p!.message).toContain('additional configuration EKS_ADDON_MANAGEMENT would be silently dropped');
    expect(p!.path).toBe('$[0].AdditionalConfiguration[0].Name');
    const corrected = parseFeaturesText(p!.hints!.slice(1).join('\n'), 'c.json');
    expect(corrected[0]!.AdditionalConfiguration?.map((a) => a.Name)).toEqual(['EKS_ADDON_MANAGEMENT', 'EC2_AGENT_MANAGEMENT']);
  });
});

describe('not JSON', () => {
  it.each([
    ['', '1:1', 'the file is empty'],
    [' \n\t', '1:1', 'the file is empty'],
    ['[1,', '1:4', 'expected a value, found the end of the file'],
    ['[\n  {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}\n  {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}\n]', '3:3', "expected ',' or ']', found '{'"],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED",}]', '1:49', "expected a key in double quotes, found '}'"],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"},]', '1:50', "expected a value, found ']'"],
    ["[{'Name': 'EKS_AUDIT_LOGS'}]", '1:3', "found '''"],
    ['[\n  // audit logs\n  {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]', '2:3', "found '/'"],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": ENABLED}]', '1:39', 'found the unquoted word ENABLED'],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}', '1:49', "expected ',' or ']', found the end of the file"],
    ['[{"Name": "EKS_AUDIT_LOGS', '1:11', 'the string that starts at line 1, column 11 is never closed'],
    ['[{"Name": "EKS\\_AUDIT_LOGS"}]', '1:15', 'bad escape sequence \\_'],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]\n[]', '2:1', "expected the end of the file, found '['"],
    ['[{"Name": "EKS_AUDIT_LOGS",\u00a0"Status": "ENABLED"}]', '1:28', 'found the character U+00A0'],
    ['[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]\r\n}', '2:1', 'found'],
  ])('%j → %s %s', (text, position, message) => {
    const p = only(text);
    expect(`${p.line}:${p.column}`).toBe(position);
    expect(p.path).toBe('$');
    expect(p.message).toContain(message);
  });

  it('says what to do about common mistakes', () => {
    const hint = (text: string): string => (only(text).hints ?? []).join('\n');
    expect(hint('[{"Name": "A"},]')).toContain('remove the trailing comma');
    expect(hint('[{"Name": "A"} {"Name": "B"}]')).toContain('a comma is probably missing');
    expect(hint("[{'Name': 'A'}]")).toContain('double quotes');
    expect(hint('[# x\n]')).toContain('JSON does not allow comments');
    expect(hint('[{"Name": "A", "Status": True}]')).toContain('write true in lower case');
    expect(hint('[{Name: "A"}]')).toContain('keys need double quotes: "Name"');
    expect(hint('[\n {"Name": "A"')).toContain("the '[' at line 1, column 1 is never closed");
  });

  it('rejects a raw control character inside a string, as JSON.parse and the AWS CLI do', () => {
    const problems = problemsOf('[{"Name": "EKS_AUDIT_LOGS\t", "Status": "ENABLED"}]');
    const control = problems.find((p) => p.message.startsWith('not valid JSON'));
    expect(control && where(control)).toBe('1:26 $');
    expect(control?.message).toContain('U+0009');
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const p = only('['.repeat(100_000));
    expect(`${p.line}:${p.column}`).toBe('1:65');
    expect(p.message).toContain('nested more than 64 levels');
  });
});

describe('wrong shape', () => {
  it('wants an array at the top, and says how to fix the usual near misses', () => {
    const wrapped = only('{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}');
    expect(where(wrapped)).toBe('1:1 $');
    expect(wrapped.message).toBe('a features file must be a JSON array of features, found an object');
    expect(wrapped.hints).toEqual(['wrap the object in [ ]: the file is a list of features']);
    expect(only('{"Features": []}').hints).toEqual(['use only the array under "Features"']);
    expect(only('"EKS_AUDIT_LOGS"').message).toContain('found "EKS_AUDIT_LOGS"');
  });

  it('rejects an empty array', () => {
    const p = only('  []');
    expect(where(p)).toBe('1:3 $');
    expect(p.message).toContain('empty array');
  });

  it('points at each entry that is not an object', () => {
    const problems = problemsOf('[\n  "EKS_AUDIT_LOGS",\n  42,\n  null\n]');
    expect(problems.map(where)).toEqual(['2:3 $[0]', '3:3 $[1]', '4:3 $[2]']);
    expect(problems[0]!.message).toContain('found "EKS_AUDIT_LOGS"');
    expect(problems[0]!.hints).toEqual(['write { "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" }']);
    expect(problems[1]!.message).toContain('found number 42');
  });

  it('suggests the right key for near misses, without also reporting the key as missing', () => {
    const problems = problemsOf('[{"name": "EKS_AUDIT_LOGS", "Stauts": "ENABLED", "additionalConfiguration": []}]');
    expect(problems.map((p) => `${where(p)} ${p.message}`)).toEqual([
      '1:3 $[0].name unknown key "name"; did you mean "Name"?',
      '1:29 $[0].Stauts unknown key "Stauts"; did you mean "Status"?',
      '1:50 $[0].additionalConfiguration unknown key "additionalConfiguration"; did you mean "AdditionalConfiguration"?',
    ]);
    expect(problems[0]!.hints).toEqual(['allowed keys: Name, Status, AdditionalConfiguration']);
  });

  it('checks the value under a misspelt key as what it was meant to be, so one run shows both mistakes', () => {
    const problems = problemsOf(
      '[{"Name": "EKS_AUDIT_LOGS", "Stauts": "ENABLD"}, {"Nmae": "RUNTIME_MONITRING", "Status": "ENABLED",' +
        ' "AdditionalConfiguration": [{"name": "EKS_ADON_MANAGEMENT", "Status": "ENABLED"}]}, {"Nmae": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]',
    );
    expect(problems.map((p) => `${where(p)} ${p.message}`)).toEqual([
      '1:29 $[0].Stauts unknown key "Stauts"; did you mean "Status"?',
      '1:39 $[0].Stauts invalid status "ENABLD"; allowed values: ENABLED, DISABLED',
      '1:51 $[1].Nmae unknown key "Nmae"; did you mean "Name"?',
      '1:59 $[1].Nmae unknown feature "RUNTIME_MONITRING"; did you mean "RUNTIME_MONITORING"?',
      '1:130 $[1].AdditionalConfiguration[0].name unknown key "name"; did you mean "Name"?',
      '1:138 $[1].AdditionalConfiguration[0].name unknown additional configuration "EKS_ADON_MANAGEMENT"; did you mean "EKS_ADDON_MANAGEMENT"?',
      // A valid value under a misspelt key: only the key is wrong.
      '1:186 $[2].Nmae unknown key "Nmae"; did you mean "Name"?',
    ]);
  });

  it('a misspelt key next to the right one is only an unknown key (its value is not what counts)', () => {
    const problems = problemsOf('[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED", "Statsu": "whatever"}]');
    expect(problems.map((p) => p.message)).toEqual(['unknown key "Statsu"; did you mean "Status"?']);
  });

  it('reports an unrelated unknown key without a guess', () => {
    const p = only('[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED", "Region": "eu-west-1"}]');
    expect(where(p)).toBe('1:50 $[0].Region');
    expect(p.message).toBe('unknown key "Region"');
  });

  it('reports a missing Name or Status at the object', () => {
    const problems = problemsOf('[\n  {"Status": "ENABLED"},\n  {"Name": "EKS_AUDIT_LOGS"}\n]');
    expect(problems.map((p) => `${where(p)} ${p.message}`)).toEqual([
      '2:3 $[0].Name this feature has no "Name"',
      '3:3 $[1].Status feature EKS_AUDIT_LOGS has no "Status"',
    ]);
    expect(problems[1]!.hints).toEqual(['allowed values: ENABLED, DISABLED']);
  });

  it('reports wrong types with what was found', () => {
    const problems = problemsOf(
      '[{"Name": 7, "Status": true},\n {"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": {"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}}]',
    );
    expect(problems.map((p) => `${where(p)} ${p.message}`)).toEqual([
      '1:11 $[0].Name "Name" must be a string, found number 7',
      '1:24 $[0].Status "Status" must be "ENABLED" or "DISABLED", found true',
      '2:81 $[1].AdditionalConfiguration "AdditionalConfiguration" must be an array of { "Name", "Status" } objects, found an object',
    ]);
    expect(problems[1]!.hints).toEqual(['use "ENABLED"']);
    expect(problems[2]!.hints).toEqual(['wrap the object in [ ]']);
  });
});

describe('names and statuses', () => {
  it('suggests the nearest feature and lists the allowed ones', () => {
    const p = only('[{"Name": "EKS_RUNTIME_MONITORNG", "Status": "ENABLED"}]');
    expect(where(p)).toBe('1:11 $[0].Name');
    expect(p.message).toBe('unknown feature "EKS_RUNTIME_MONITORNG"; did you mean "EKS_RUNTIME_MONITORING"?');
    expect(p.hints?.[0]).toMatch(/^allowed features: .*EKS_AUDIT_LOGS.*RUNTIME_MONITORING/);
    expect(only('[{"Name": "eks_audit_logs", "Status": "ENABLED"}]').message).toContain('did you mean "EKS_AUDIT_LOGS"?');
    expect(only('[{"Name": "MALWARE", "Status": "ENABLED"}]').message).toBe('unknown feature "MALWARE"');
  });

  it('explains that the foundational data sources cannot be set', () => {
    for (const name of ['FLOW_LOGS', 'CLOUD_TRAIL', 'DNS_LOGS']) {
      const p = only(`[{"Name": "${name}", "Status": "ENABLED"}]`);
      expect(p.message).toBe(`${name} is a foundational data source: it is always on and cannot be set; remove this entry`);
    }
  });

  it('tells features and additional configurations apart', () => {
    expect(only('[{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}]').message).toBe(
      'EKS_ADDON_MANAGEMENT is an additional configuration, not a feature; list it under "AdditionalConfiguration" of EKS_RUNTIME_MONITORING or RUNTIME_MONITORING',
    );
    const p = only(
      '[{"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED"}]}]',
    );
    expect(p.path).toBe('$[0].AdditionalConfiguration[0].Name');
    expect(p.message).toContain('EKS_RUNTIME_MONITORING is a feature, not an additional configuration');
  });

  it('suggests the nearest additional configuration', () => {
    const p = only(
      '[{"Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED",\n  "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGMENT", "Status": "ENABLED"}]}]',
    );
    expect(where(p)).toBe('2:40 $[0].AdditionalConfiguration[0].Name');
    expect(p.message).toBe('unknown additional configuration "EKS_ADDON_MANAGMENT"; did you mean "EKS_ADDON_MANAGEMENT"?');
  });

  it.each([
    ['"enabled"', 'invalid status "enabled"; did you mean "ENABLED"? (statuses are upper case)'],
    ['"Disabled"', 'invalid status "Disabled"; did you mean "DISABLED"? (statuses are upper case)'],
    ['"ON"', 'invalid status "ON"; allowed values: ENABLED, DISABLED'],
    ['"true"', 'invalid status "true"; allowed values: ENABLED, DISABLED'],
    ['1', '"Status" must be "ENABLED" or "DISABLED", found number 1'],
  ])('Status %s', (status, message) => {
    const p = only(`[{"Name": "EKS_AUDIT_LOGS", "Status": ${status}}]`);
    expect(where(p)).toBe('1:39 $[0].Status');
    expect(p.message).toBe(message);
  });
});

describe('checks across entries', () => {
  it('points at both places of a feature listed twice', () => {
    const p = only('[\n  {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"},\n  {"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"}\n]');
    expect(where(p)).toBe('3:12 $[1].Name');
    expect(p.message).toBe('feature EKS_AUDIT_LOGS is listed twice (also at line 2, column 12, $[0].Name); list each feature once');
  });

  it('points at both places of an additional configuration listed twice under one feature', () => {
    const p = only(
      '[{"Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [\n  {"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"},\n  {"Name": "EKS_ADDON_MANAGEMENT", "Status": "DISABLED"}]}]',
    );
    expect(where(p)).toBe('3:12 $[0].AdditionalConfiguration[1].Name');
    expect(p.message).toContain('listed twice under EKS_RUNTIME_MONITORING (also at line 2, column 12, $[0].AdditionalConfiguration[0].Name)');
  });

  it('says which features an additional configuration belongs to', () => {
    const p = only(
      '[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}]}]',
    );
    expect(where(p)).toBe('1:87 $[0].AdditionalConfiguration[0].Name');
    expect(p.message).toBe(
      'EKS_ADDON_MANAGEMENT does not belong to EKS_AUDIT_LOGS; it is an additional configuration of EKS_RUNTIME_MONITORING or RUNTIME_MONITORING',
    );
    expect(
      only('[{"Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "Status": "ENABLED"}]}]')
        .message,
    ).toContain('it is an additional configuration of RUNTIME_MONITORING');
    expect(
      parseFeaturesText(
        '[{"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}, {"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "DISABLED"}, {"Name": "EC2_AGENT_MANAGEMENT", "Status": "ENABLED"}]}]',
        'f.json',
      )[0]!.AdditionalConfiguration,
    ).toHaveLength(3);
  });

  const unbound = ADDITIONAL_CONFIGURATION_NAMES.filter((n) => featuresForAdditional(n).length === 0);
  it.skipIf(unbound.length === 0)(
    unbound.length ? `accepts SDK-newer additional configurations (${unbound.join(', ')}) under any feature` : 'SKIPPED: this SDK has no unbound additional configuration',
    () => {
      for (const name of unbound) {
        const text = `[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "${name}", "Status": "ENABLED"}]}]`;
        expect(parseFeaturesText(text, 'f.json')[0]!.AdditionalConfiguration).toEqual([{ Name: name, Status: 'ENABLED' }]);
      }
    },
  );

  it('rejects EKS_RUNTIME_MONITORING with RUNTIME_MONITORING, whatever their statuses, and explains the migration', () => {
    const p = only(
      '[\n  {"Name": "RUNTIME_MONITORING", "Status": "ENABLED"},\n  {"Name": "EKS_RUNTIME_MONITORING", "Status": "DISABLED"}\n]',
    );
    expect(where(p)).toBe('3:12 $[1].Name');
    expect(p.message).toContain('EKS_RUNTIME_MONITORING and RUNTIME_MONITORING cannot be in one file (the other is at line 2, column 12, $[0].Name)');
    const hints = p.hints!.join('\n');
    expect(hints).toContain('keep RUNTIME_MONITORING');
    expect(hints).toContain('GuardDuty.11');
    // The two steps' files are valid on their own.
    const steps = p.hints!.filter((h) => h.trim().startsWith('[')).map((h) => parseFeaturesText(h, 'step.json'));
    expect(steps).toEqual([
      [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] }],
      [{ Name: 'EKS_RUNTIME_MONITORING', Status: 'DISABLED' }],
    ]);
  });
});

describe('all at once', () => {
  it('lists every problem in file order, each with its own position', () => {
    const problems = problemsOf(
      [
        '[',
        '  {"Name": "EKS_AUDIT_LOGS", "Status": "enabled"},',
        '  {"Name": "FLOW_LOGS", "Status": "ENABLED"},',
        '  {"Name": "EKS_RUNTIME_MONITORNG", "Stauts": "ENABLED"},',
        '  {"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ON"}]}',
        ']',
      ].join('\n'),
    );
    expect(problems.map(where)).toEqual([
      '2:40 $[0].Status',
      '3:12 $[1].Name',
      '4:12 $[2].Name',
      '4:37 $[2].Stauts',
      '5:12 $[3].Name',
      '5:88 $[3].AdditionalConfiguration[0].Name',
      '5:122 $[3].AdditionalConfiguration[0].Status',
    ]);
    expect(problems.every((p) => p.file === 'f.json')).toBe(true);
  });

  it(`caps the list at ${MAX_PROBLEMS} and says how many more there are`, () => {
    const problems = problemsOf(`[${Array.from({ length: 300 }, () => '1').join(',')}]`);
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)!.message).toBe('and 200 more problem(s) not shown');
  });
});

describe('robustness', () => {
  it.each([
    ['"__proto__" key', '[{"__proto__": {"Name": "EKS_AUDIT_LOGS"}, "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]'],
    ['lone surrogate', '[{"Name": "\\ud800", "Status": "ENABLED"}]'],
    ['huge number', '[{"Name": 1e999, "Status": -0}]'],
    ['long string', `["${'A'.repeat(200_000)}"]`],
    ['NUL', '\u0000'],
    ['binary', '\u0089PNG\r\n\u001a\n'],
    ['deep objects', '{"a":'.repeat(5000)],
  ])('rejects %s with an InputError', (_, text) => {
    const problems = problemsOf(text);
    for (const p of problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeLessThan(500);
    }
  });

  it('never throws anything but InputError on mutated files', () => {
    // Deterministic mutations of the reference example: drop, duplicate or replace one character.
    const base = readFileSync(new URL('../../examples/config.json', import.meta.url), 'utf8');
    const alphabet = '[]{}:,"\\ \nAEN0-t\u00e9';
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const at = rand(base.length);
      const ch = alphabet[rand(alphabet.length)]!;
      const text = [base.slice(0, at) + base.slice(at + 1), base.slice(0, at) + ch + base.slice(at), base.slice(0, at) + ch + base.slice(at + 1)][rand(3)]!;
      try {
        parseFeaturesText(text, 'm.json');
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).problems.length).toBeGreaterThan(0);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(300);
  });
});

describe('names', () => {
  it('binds additional configurations to their features', () => {
    expect(allowedAdditionalFor('EKS_RUNTIME_MONITORING')).toContain('EKS_ADDON_MANAGEMENT');
    expect(allowedAdditionalFor('EKS_RUNTIME_MONITORING')).not.toContain('EC2_AGENT_MANAGEMENT');
    expect(allowedAdditionalFor('RUNTIME_MONITORING')).toEqual(expect.arrayContaining(['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT']));
    expect(allowedAdditionalFor('EKS_AUDIT_LOGS')).not.toContain('EKS_ADDON_MANAGEMENT');
  });
});

describe('formatProblem', () => {
  it('prints file:line:column, the message and the path, then indented hints', () => {
    expect(formatProblem({ file: 'x.json', line: 3, column: 7, path: '$[0].Status', message: 'bad', hints: ['one', '  two'] })).toEqual([
      'x.json:3:7: bad (at $[0].Status)',
      '    one',
      '      two',
    ]);
    expect(formatProblem({ file: '<stdin>', line: 1, column: 1, path: '$', message: 'm' })).toEqual(['<stdin>:1:1: m (at $)']);
  });
});
