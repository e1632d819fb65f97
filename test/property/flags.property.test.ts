/**
 * Property-based tests of every flag-value parser: for any string, a valid value or a UsageError (exit 2)
 * with a message — never another exception, never an out-of-range value that would reach AWS.
 * Seeded; the number of generated inputs is part of each test's name.
 */
import { FindingPublishingFrequency } from '@aws-sdk/client-guardduty';
import type { Command, Option } from 'commander';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseDuration, parseSince } from '../../src/domain/duration.js';
import { parseFrequency, shortFrequency } from '../../src/domain/frequency.js';
import { resolveGlobals, type RawGlobals } from '../../src/domain/globals.js';
import { parseRegion, parseRegionList } from '../../src/domain/regions.js';
import { SEVERITY_NAMES, parseSeverity } from '../../src/domain/severity.js';
import { UsageError } from '../../src/errors.js';
import { buildProgram, isRepeatable, type ProgramDeps } from '../../src/program.js';

const SEED = 20_260_301;
const RUNS = 2_000;
const run = { seed: SEED, numRuns: RUNS };

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

/** `f(value)` either returns (checked by `valid`) or throws a UsageError that exits 2 and says something. */
function valueOrUsage<T>(f: () => T, valid: (v: T) => boolean, flag?: string): T | undefined {
  let v: T;
  try {
    v = f();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.exitCode !== 2 || err.message.trim() === '') fail('UsageError without exit 2 or message', err.message);
    if (flag !== undefined && !err.message.includes(flag)) fail(`message does not name ${flag}`, err.message);
    return undefined;
  }
  if (!valid(v)) fail('returned an invalid value', v);
  return v;
}

/** Arbitrary text, and text from the characters these flags are made of (so the parsers' branches are reached). */
function flagStrings(extra: readonly string[]): fc.Arbitrary<string> {
  const chars = [...'0123456789 -_.:,/+\tabcdefhimnorstuwxzABEFHILMNORSTUWZ', '\u00a0', '\u0130', '\u212a', ...extra];
  return fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...chars), maxLength: 40 }));
}

/** Surrounding whitespace and any letter case, as a user might type it. */
function typed(value: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom('', ' ', '\n'), fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }))
    .map(([lead, trail, upper]) => lead + [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('') + trail);
}

const FREQUENCIES = Object.values(FindingPublishingFrequency) as string[];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const regionArb = fc.stringMatching(/^[a-z]{2}(-[a-z]{1,9}){1,2}-\d{1,2}$/);

describe('--frequency / export-frequency', () => {
  it(`any string (${RUNS} inputs) is a publishing frequency or a usage error`, () => {
    fc.assert(
      fc.property(flagStrings(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS', 'min', 'hours', '15', '60', '360']), (s) => {
        const f = valueOrUsage(() => parseFrequency(s, '--frequency'), (v) => FREQUENCIES.includes(v), '--frequency');
        if (f !== undefined && parseFrequency(f) !== f) fail('not idempotent', f);
      }),
      run,
    );
  });

  it(`every documented spelling in any case and spacing (${RUNS} inputs) means its frequency`, () => {
    const spellings: [string, string][] = [
      ['15m', 'FIFTEEN_MINUTES'], ['15 min', 'FIFTEEN_MINUTES'], ['15minutes', 'FIFTEEN_MINUTES'], ['fifteen-minutes', 'FIFTEEN_MINUTES'],
      ['1h', 'ONE_HOUR'], ['60m', 'ONE_HOUR'], ['1 hour', 'ONE_HOUR'], ['one_hour', 'ONE_HOUR'],
      ['6h', 'SIX_HOURS'], ['6 hours', 'SIX_HOURS'], ['360min', 'SIX_HOURS'], ['six-hours', 'SIX_HOURS'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...spellings).chain(([s, f]) => typed(s).map((t) => [t, f] as const)), ([text, expected]) => {
        if (parseFrequency(text) !== expected) fail(`"${text}" is not ${expected}`);
        if (parseFrequency(shortFrequency(expected)) !== expected) fail('short form does not round-trip', expected);
      }),
      run,
    );
  });
});

describe('--region / --regions', () => {
  it(`any string (${RUNS} inputs) is a region name or a usage error`, () => {
    fc.assert(
      fc.property(fc.oneof(flagStrings(['us-east-1', 'eu-', 'gov', 'cn']), regionArb), (s) => {
        const r = valueOrUsage(() => parseRegion(s), (v) => REGION.test(v) && v === s.trim().toLowerCase(), '--region');
        if (r !== undefined && parseRegion(r) !== r) fail('not idempotent', r);
      }),
      run,
    );
  });

  it(`any string (${RUNS} inputs) is a non-empty list of distinct regions or a usage error`, () => {
    fc.assert(
      fc.property(fc.oneof(flagStrings(['us-east-1', ',', ', ']), fc.array(regionArb, { maxLength: 4 }).map((a) => a.join(','))), (s) => {
        valueOrUsage(
          () => parseRegionList(s),
          (v) => v.length > 0 && new Set(v).size === v.length && v.every((r) => REGION.test(r)),
          '--regions',
        );
      }),
      run,
    );
  });

  it(`generated region lists with any separators and case (${RUNS} inputs) parse to the distinct regions in order`, () => {
    const sep = fc.constantFrom(',', ', ', ' ', ',,', '\t', ' ,');
    fc.assert(
      fc.property(fc.array(fc.tuple(regionArb.chain(typed), sep), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([r, s]) => r + s).join('');
        const expected = [...new Set(parts.map(([r]) => r.trim().toLowerCase()))];
        const got = parseRegionList(text);
        if (JSON.stringify(got) !== JSON.stringify(expected)) fail('wrong list', { text, got, expected });
      }),
      run,
    );
  });
});

describe('global options', () => {
  const numberish = fc.oneof(
    fc.integer({ min: -5, max: 30 }).map(String),
    fc.double({ noNaN: false }).map(String),
    fc.constantFrom('', ' ', '3 ', ' 3', '1e1', '0x3', 'Infinity', '-0', '3.0', '2.5', '20', '21', '3600', '3600.1', 'NaN', '1_000'),
    flagStrings([]),
  );
  const url = fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1:5000', 'localhost:5000', 'ftp://x', 'https://', 'http://[::1]:1', 'file:///etc/passwd'), flagStrings([':', '//', 'http', 'https']));
  const raw: fc.Arbitrary<RawGlobals> = fc.record(
    {
      region: fc.oneof(regionArb, flagStrings([])),
      regions: fc.oneof(regionArb, flagStrings([','])),
      profile: fc.string({ maxLength: 10 }),
      endpointUrl: url,
      output: fc.oneof(fc.constantFrom('table', 'json', 'ndjson').chain(typed), flagStrings(['json', 'yaml'])),
      color: fc.boolean(),
      debug: fc.boolean(),
      maxAttempts: numberish,
      connectTimeout: numberish,
      readTimeout: numberish,
    },
    { requiredKeys: [] },
  );
  const env = fc.record({ NO_COLOR: fc.constantFrom('', '1', 'true') }, { requiredKeys: [] });

  it(`any raw values of --output, --max-attempts, --connect-timeout, --read-timeout, --endpoint-url, --region(s) (${RUNS} inputs) resolve to valid options or a usage error`, () => {
    const ms = (v: number | undefined): boolean => v === undefined || (Number.isInteger(v) && v >= 0 && v <= 3_600_000);
    fc.assert(
      fc.property(raw, env, (r, e) => {
        valueOrUsage(
          () => resolveGlobals(r, e),
          (g) =>
            ['table', 'json', 'ndjson'].includes(g.output) &&
            (g.maxAttempts === undefined || (Number.isInteger(g.maxAttempts) && g.maxAttempts >= 1 && g.maxAttempts <= 20)) &&
            ms(g.connectTimeoutMs) &&
            ms(g.readTimeoutMs) &&
            (g.endpointUrl === undefined || /^https?:$/.test(new URL(g.endpointUrl).protocol)) &&
            (g.region === undefined || REGION.test(g.region)) &&
            (g.regions === undefined || (g.regions.length > 0 && g.regions.every((x) => REGION.test(x)))) &&
            !(g.region !== undefined && g.regions !== undefined) &&
            typeof g.noColor === 'boolean' &&
            typeof g.debug === 'boolean',
        );
      }),
      run,
    );
  });
});

describe('--severity / --fail-on', () => {
  const validThreshold = (t: { floor: number; label: string }): boolean =>
    Number.isInteger(t.floor) && t.floor >= 1 && t.floor <= 10 && ((SEVERITY_NAMES as readonly string[]).includes(t.label) || t.label === String(t.floor));

  it(`any string (${RUNS} inputs) is a band name, a whole score 1–10, or a usage error`, () => {
    const scores = fc.oneof(fc.integer({ min: -3, max: 14 }).map(String), fc.double({ min: -1, max: 12, noNaN: true }).map(String));
    fc.assert(
      fc.property(fc.oneof(flagStrings(['low', 'medium', 'high', 'critical', '7', '8.5', '10', '0']), fc.constantFrom(...SEVERITY_NAMES).chain(typed), scores), (s) => {
        const v = valueOrUsage(() => parseSeverity(s, '--fail-on'), validThreshold, '--fail-on');
        if (v === undefined && (SEVERITY_NAMES as readonly string[]).includes(s.trim().toLowerCase())) fail('rejected a band name', s);
        if (v === undefined && /^\s*([1-9]|10)\s*$/.test(s)) fail('rejected a whole score 1–10', s);
      }),
      run,
    );
  });
});

describe('--since', () => {
  const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
  /** An epoch-millisecond value GuardDuty's updatedAt criterion can take: a whole number a Date can hold, not in the future. */
  const validSince = (ms: number): boolean => Number.isSafeInteger(ms) && ms <= NOW && !Number.isNaN(new Date(ms).getTime());
  const unit = fc.constantFrom('s', 'm', 'h', 'd', 'w', 'S', 'M', 'H', 'D', 'W');
  /** Durations of everyday size (up to 6 digits per part). */
  const duration = fc.array(fc.tuple(fc.stringMatching(/^\d{1,6}(\.\d{1,3})?$/), unit), { minLength: 1, maxLength: 3 }).map((ps) => ps.map(([n, u]) => n + u).join(''));
  const iso = fc
    .tuple(
      fc.integer({ min: 1, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      fc.integer({ min: 0, max: 13 }).map((m) => String(m).padStart(2, '0')),
      fc.integer({ min: 0, max: 32 }).map((d) => String(d).padStart(2, '0')),
      fc.option(fc.stringMatching(/^[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?$/), { nil: '' }),
    )
    .map(([y, m, d, t]) => `${y}-${m}-${d}${t}`);

  it(`any string, duration or ISO date/time (${RUNS} inputs) is a past epoch-ms value or a usage error`, () => {
    fc.assert(
      fc.property(fc.oneof(flagStrings(['T', 'Z', '2026-', '30m', '7d']), duration, iso), (s) => {
        valueOrUsage(() => parseSince(s, NOW, '--since'), validSince, '--since');
        const d = parseDuration(s);
        if (d !== undefined && !(Number.isSafeInteger(d) && d >= 0)) fail('parseDuration gave a non-duration', { s, d });
      }),
      run,
    );
  });

  // Found by this property: a duration with enough digits ("999…9s", 400 digits) gave -Infinity, and
  // "99999999999w" an epoch ms of -6e19, so an invalid criterion reached GuardDuty instead of a usage error.
  it(`durations of any magnitude (${RUNS} inputs) are a past epoch-ms value or a usage error`, () => {
    const huge = fc.tuple(fc.stringMatching(/^[1-9]\d{0,400}$/), unit).map(([n, u]) => n + u);
    fc.assert(
      fc.property(huge, (s) => void valueOrUsage(() => parseSince(s, NOW, '--since'), validSince, '--since')),
      run,
    );
  });
});

/**
 * Every option of every command, read from the built program itself (so a new option is covered without
 * editing this test): a repeatable option keeps every value, in order, and its help says "repeatable"; any
 * other option that takes a value, given twice, is a usage error (exit 2) raised while parsing, before the
 * command runs, so nothing reaches AWS; a switch given twice means what it means once.
 */
describe('options given more than once', () => {
  interface Case {
    /** `findings list`, `status`, ... */
    path: string[];
    /** Where the option is declared (the program, for a global option). */
    owner: Command;
    option: Option;
    /** Positional arguments the command needs to parse at all. */
    positional: string[];
  }

  const deps: ProgramDeps = {
    makeIo: () => {
      throw new Error('the command ran');
    },
    signal: new AbortController().signal,
    onForcedExit: () => undefined,
    setExitCode: () => undefined,
    writeOut: () => undefined,
    writeErr: () => undefined,
  };

  /** Leaf commands of a freshly built program, each with its path and the options it accepts (its own and its ancestors'). */
  function leaves(program: Command): Array<{ path: string[]; cmd: Command; owners: Command[] }> {
    const out: Array<{ path: string[]; cmd: Command; owners: Command[] }> = [];
    const walk = (cmd: Command, path: string[], owners: Command[]) => {
      if (cmd.commands.length === 0) out.push({ path, cmd, owners: [...owners, cmd] });
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()], [...owners, cmd]);
    };
    walk(program, [], []);
    return out;
  }

  const cases: Case[] = leaves(buildProgram(deps)).flatMap(({ path, owners, cmd }) =>
    owners.flatMap((owner) =>
      owner.options
        .filter((o) => o.long !== '--version')
        .map((option) => ({ path, owner, option, positional: cmd.registeredArguments.filter((a) => a.required).map(() => 'x') })),
    ),
  );

  /** Parses `args` with every command's action replaced by a probe; returns the options the command got, or the error. */
  async function parse(path: readonly string[], args: string[]): Promise<{ opts?: Record<string, unknown>; error?: unknown }> {
    const program = buildProgram(deps);
    let opts: Record<string, unknown> | undefined;
    const probe = (cmd: Command) => {
      cmd.action((...a: unknown[]) => void (opts = (a.at(-1) as Command).optsWithGlobals()));
      cmd.commands.forEach(probe);
    };
    probe(program);
    try {
      await program.parseAsync(['node', 'gdeks', ...args]);
    } catch (error) {
      return { error };
    }
    if (!opts) fail('the command did not run', [...path, ...args]);
    return { opts };
  }

  const valueArb = fc.stringMatching(/^[a-z0-9][a-z0-9._:/-]{0,15}$/);
  /** The ways a user writes an option and its value: `--flag v`, `--flag=v`, `-f v`, `-fv`. */
  function spell(option: Option, value: string | undefined, style: number): string[] {
    const names = [option.long, option.short].filter((n): n is string => n !== undefined);
    const name = names[style % names.length] as string;
    if (value === undefined) return [name];
    if (style % 2 === 0) return [name, value];
    return name.startsWith('--') ? [`${name}=${value}`] : [`${name}${value}`];
  }
  /** The command line: a global option before or after the command's name, the command's own after it. */
  const line = (c: Case, first: string[], second: string[], beforeFirst: boolean, beforeSecond: boolean): string[] => {
    const global = c.owner.parent === null;
    const before = [...(global && beforeFirst ? first : []), ...(global && beforeSecond ? second : [])];
    const after = [...(global && beforeFirst ? [] : first), ...(global && beforeSecond ? [] : second)];
    return [...before, ...c.path, ...c.positional, ...after];
  };

  const describeCase = (c: Case) => `${['gdeks', ...c.path].join(' ')} ${c.option.flags}`;
  const RUNS_PER_OPTION = 30;

  it(`finds the options to test in the program (${cases.length} command × option pairs)`, () => {
    const repeatable = cases.filter((c) => isRepeatable(c.option)).map(describeCase);
    // The filters the issue names; the rest of the table is whatever the program declares.
    for (const f of ['gdeks findings list --type <prefix>', 'gdeks findings list --namespace <ns>', 'gdeks findings list --cluster <name>', 'gdeks status --cluster <name>']) {
      if (!repeatable.includes(f)) fail('not repeatable', f);
    }
    if (cases.length < 100) fail('too few command × option pairs: is the program walked?', cases.length);
  });

  it(`every command's help says "repeatable" exactly for the options that keep every value (${cases.length} pairs)`, () => {
    for (const c of cases) {
      const help = c.owner.createHelp();
      const text = help.optionDescription(c.option);
      if (/\brepeatable\b/.test(text) !== isRepeatable(c.option)) fail('help and behaviour disagree', { option: describeCase(c), text });
    }
  });

  it(`every option of every command, given twice in any spelling and place (${RUNS_PER_OPTION} inputs per pair): combined if repeatable, else exit 2 before the command runs`, async () => {
    for (const c of cases) {
      const takesValue = !c.option.isBoolean() && !c.option.negate;
      await fc.assert(
        fc.asyncProperty(valueArb, valueArb, fc.nat(3), fc.nat(3), fc.boolean(), fc.boolean(), async (v1, v2, s1, s2, b1, b2) => {
          const attr = c.option.attributeName();
          const once = await parse(c.path, line(c, spell(c.option, takesValue ? v1 : undefined, s1), [], b1, b2));
          const twice = await parse(c.path, line(c, spell(c.option, takesValue ? v1 : undefined, s1), spell(c.option, takesValue ? v2 : undefined, s2), b1, b2));
          if (once.error) fail(`${describeCase(c)} given once failed`, String(once.error));
          if (isRepeatable(c.option)) {
            if (twice.error) fail(`${describeCase(c)} given twice failed`, String(twice.error));
            if (JSON.stringify(twice.opts?.[attr]) !== JSON.stringify([v1, v2])) fail(`${describeCase(c)} dropped a value`, twice.opts?.[attr]);
          } else if (takesValue) {
            const e = twice.error;
            if (!(e instanceof UsageError) || e.exitCode !== 2) fail(`${describeCase(c)} given twice was not a usage error`, twice.opts ?? String(e));
            const name = c.option.long ?? '';
            if (!e.message.includes(name)) fail('the message does not name the option', e.message);
          } else if (twice.error || twice.opts?.[attr] !== once.opts?.[attr]) {
            fail(`${describeCase(c)} given twice differs from once`, twice.error ? String(twice.error) : twice.opts?.[attr]);
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPTION },
      );
    }
  }, 120_000);
});
