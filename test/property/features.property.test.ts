/**
 * Property-based tests of the features-file reader and validator: whatever the input, the result is either
 * valid features that round-trip, or an InputError whose every problem is located inside the text — never
 * another exception, never a hang, never unbounded reading.
 *
 * Runs are seeded, so a failure reproduces; fast-check prints the seed and the shrunk counterexample. The
 * number of generated inputs is part of each test's name. Inputs are kept small (a few hundred characters)
 * except in the size tests, which go to MAX_FEATURES_BYTES on purpose; a hang fails by vitest's timeout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ADDITIONAL_CONFIGURATION_NAMES, FEATURE_NAMES, STATUSES, allowedAdditionalFor, isReadOnlyFeature } from '../../src/features/names.js';
import { MAX_PROBLEMS, parseFeaturesText } from '../../src/features/parse.js';
import { MAX_FEATURES_BYTES, readFeaturesSource } from '../../src/features/read.js';
import type { DesiredFeature } from '../../src/domain/features.js';

const SEED = 20_260_301;
/** Per property; small inputs parse in well under a millisecond, so this stays a few seconds in all. */
const RUNS = 2_000;
const LARGE_RUNS = 24;
const HUGE_RUNS = 10;
/** Each hostile input is a full megabyte (0.3-3 s to reject), so one per shape. */
const HOSTILE_RUNS = 1;
const run = { seed: SEED, numRuns: RUNS };

const FILE = 'p.json';
const BOM = '\ufeff';

// ---------------------------------------------------------------- checks

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

/** Lines as the parser counts them: \n, \r\n and \r each end one. */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Every problem of an InputError lies inside `text` and says something; anything else is rethrown. */
function checkRejection(err: unknown, text: string, file = FILE): InputError {
  if (!(err instanceof InputError)) throw err;
  if (err.exitCode !== 2) fail('InputError must exit 2', err.exitCode);
  if (err.problems.length === 0) fail('InputError without problems');
  // finish() caps the list at MAX_PROBLEMS plus one "and N more" line.
  if (err.problems.length > MAX_PROBLEMS + 1) fail('too many problems', err.problems.length);
  const lines = linesOf(text);
  for (const p of err.problems) {
    if (p.file !== file) fail('problem names another file', p);
    // Problems with the whole file (too large, not UTF-8 at all) have no position: line 0, column 0.
    if (p.line === 0 && p.column === 0 && p.path === '$' && p.message.includes(file)) continue;
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > lines.length) fail(`line outside the text (${lines.length} lines)`, p);
    const lineLength = lines[p.line - 1]!.length;
    // One past the end of a line is where "found the end of the file" points.
    if (!Number.isInteger(p.column) || p.column < 1 || p.column > lineLength + 1) fail(`column outside line ${p.line} (${lineLength} chars)`, p);
    if (typeof p.message !== 'string' || p.message.trim() === '') fail('empty message', p);
    if (typeof p.path !== 'string' || !p.path.startsWith('$')) fail('path is not a JSON path', p);
    for (const h of p.hints ?? []) if (typeof h !== 'string') fail('hint is not a string', p);
  }
  return err;
}

const SETTABLE = FEATURE_NAMES.filter((n) => !isReadOnlyFeature(n));

/** What a valid result must be: allowed names and statuses, no repeats, what JSON.parse sees, and it round-trips. */
function checkAccepted(features: DesiredFeature[], src: string): void {
  if (!Array.isArray(features) || features.length === 0) fail('accepted an empty list');
  const names = new Set<string>();
  for (const f of features) {
    if (!SETTABLE.includes(f.Name)) fail('accepted a feature that cannot be set', f);
    if (!STATUSES.includes(f.Status)) fail('accepted a status', f);
    if (names.has(f.Name)) fail('accepted a repeated feature', f);
    names.add(f.Name);
    const allowed = allowedAdditionalFor(f.Name);
    const seen = new Set<string>();
    for (const a of f.AdditionalConfiguration ?? []) {
      if (!allowed.includes(a.Name) || !STATUSES.includes(a.Status) || seen.has(a.Name)) fail('accepted an additional configuration', f);
      seen.add(a.Name);
    }
  }
  if (names.has('EKS_RUNTIME_MONITORING') && names.has('RUNTIME_MONITORING')) fail('accepted both runtime features');
  // Valid means no duplicate keys and strict JSON, so JSON.parse (what the AWS CLI does) must agree exactly.
  if (!isDeepStrictEqual(features, JSON.parse(src))) fail('result differs from JSON.parse', { features, src });
  for (const again of [JSON.stringify(features), JSON.stringify(features, null, 2)]) {
    if (!isDeepStrictEqual(parseFeaturesText(again, FILE), features)) fail('does not round-trip', features);
  }
}

type Outcome = { ok: true; features: DesiredFeature[] } | { ok: false; error: InputError };

/** Parses and checks whichever way it ends. */
function parseChecked(text: string): Outcome {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  let features: DesiredFeature[];
  try {
    features = parseFeaturesText(text, FILE);
  } catch (err) {
    return { ok: false, error: checkRejection(err, src) };
  }
  checkAccepted(features, src);
  return { ok: true, features };
}

function rejected(text: string, why: string): InputError {
  const outcome = parseChecked(text);
  if (outcome.ok) fail(`accepted (${why})`, text);
  return outcome.error;
}

// ---------------------------------------------------------------- arbitraries

/** Characters that steer a parser into its interesting corners. */
const JSONISH = [...'[]{}:,"\\ \t\n\r0123456789-+.eE', 'true', 'false', 'null', 'Name', 'Status', 'ENABLED', 'DISABLED', 'EKS_AUDIT_LOGS', 'AdditionalConfiguration', '\u00e9', '\u2028', '\ufeff', '\u00a0', '\ud83d\ude00', '\ud800', "'", '/', '#'];
const jsonishString = fc.string({ unit: fc.constantFrom(...JSONISH), maxLength: 120 });
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });

const statusArb = fc.constantFrom(...STATUSES);

function additionalArb(feature: string): fc.Arbitrary<DesiredFeature['AdditionalConfiguration']> {
  const names = allowedAdditionalFor(feature);
  if (names.length === 0) return fc.constant([]);
  return fc.uniqueArray(fc.constantFrom(...names), { maxLength: names.length }).chain((picked) =>
    fc.tuple(...picked.map((Name) => statusArb.map((Status) => ({ Name, Status })))),
  );
}

function featureArb(Name: string): fc.Arbitrary<DesiredFeature> {
  return fc
    .record({ Status: statusArb, additional: fc.option(additionalArb(Name), { nil: undefined }) })
    .map(({ Status, additional }) => (additional === undefined ? { Name, Status } : { Name, Status, AdditionalConfiguration: additional }));
}

/** A valid features file's content: distinct settable features, never both runtime features, allowed additional configurations. */
const validFeatures: fc.Arbitrary<DesiredFeature[]> = fc
  .uniqueArray(fc.constantFrom(...SETTABLE), { minLength: 1, maxLength: 5 })
  .filter((names) => !(names.includes('EKS_RUNTIME_MONITORING') && names.includes('RUNTIME_MONITORING')))
  .chain((names) => fc.tuple(...names.map(featureArb)));

interface Layout {
  indent: number | string | undefined;
  crlf: boolean;
  bom: boolean;
  lead: string;
  trail: string;
}
const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom(undefined, 1, 2, 4, '\t'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  lead: fc.constantFrom('', ' ', '\n', '\r\n\t'),
  trail: fc.constantFrom('', '\n', ' \r\n'),
});

function serialize(value: unknown, l: Layout): string {
  let text = JSON.stringify(value, null, l.indent);
  if (l.crlf) text = text.replace(/\n/g, '\r\n');
  return (l.bom ? BOM : '') + l.lead + text + l.trail;
}

/** An own key even when it is "__proto__" (as the parser does), so JSON.stringify writes what was meant. */
function withEntries(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

type Entry = { obj: Record<string, unknown>; path: (string | number)[] };

/** Every feature and additional-configuration object, with where it sits. */
function entriesOf(features: DesiredFeature[]): Entry[] {
  return features.flatMap((f, i) => [
    { obj: f as unknown as Record<string, unknown>, path: [i] },
    ...(f.AdditionalConfiguration ?? []).map((a, j) => ({ obj: a as unknown as Record<string, unknown>, path: [i, 'AdditionalConfiguration', j] })),
  ]);
}

/** A deep copy with the node at `path` replaced by `f(node)`. */
function replaceAt(root: unknown, path: readonly (string | number)[], f: (node: unknown) => unknown): unknown {
  if (path.length === 0) return f(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? replaceAt(v, rest, f) : v));
  const obj = root as Record<string, unknown>;
  return withEntries(Object.entries(obj).map(([k, v]) => [k, k === head ? replaceAt(v, rest, f) : v]));
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

// ---------------------------------------------------------------- properties

describe('features file: arbitrary input', () => {
  it(`arbitrary strings (${RUNS} inputs per alphabet, 3 alphabets) end valid or in a located InputError`, () => {
    for (const strings of [fc.string({ unit: 'binary', maxLength: 200 }), anyCodeUnits, jsonishString]) {
      fc.assert(
        fc.property(strings, (text) => void parseChecked(text)),
        run,
      );
    }
  });

  it(`arbitrary JSON texts (fc.json, ${RUNS} inputs) end valid or in a located InputError`, () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        parseChecked(text);
      }),
      run,
    );
  });

  it(`arbitrary JSON values as arrays and feature-like objects (fc.jsonValue, ${RUNS} inputs) end valid or in a located InputError`, () => {
    const key = fc.oneof(fc.constantFrom('Name', 'Status', 'AdditionalConfiguration', 'name', 'status', 'Features', '__proto__'), fc.string({ maxLength: 8 }));
    const value = fc.oneof(fc.constantFrom(...FEATURE_NAMES, ...ADDITIONAL_CONFIGURATION_NAMES, ...STATUSES), fc.jsonValue({ maxDepth: 2 }));
    const entry = fc.array(fc.tuple(key, fc.oneof(value, fc.array(fc.array(fc.tuple(key, value)).map(withEntries), { maxLength: 3 }))), { maxLength: 5 }).map(withEntries);
    const doc = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.oneof(entry, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 }));
    fc.assert(
      fc.property(doc, layoutArb, (value, layout) => {
        parseChecked(serialize(value, layout));
      }),
      run,
    );
  });

  it(`arbitrary bytes through the stdin reader (${RUNS} inputs) end valid or in a located InputError`, async () => {
    const valid = validFeatures.map((f) => Buffer.from(JSON.stringify(f), 'utf8'));
    // Near-valid bytes too: one byte of a valid file replaced, with or without a byte-order mark in front.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, i, v]) => {
        const copy = Buffer.from(b);
        copy[i % copy.length] = v;
        return copy;
      }),
    );
    const prefix = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]);
    await fc.assert(
      fc.asyncProperty(prefix, bytes, fc.array(fc.nat(), { maxLength: 4 }), async (pre, body, cuts) => {
        const all = Buffer.concat([Buffer.from(pre), body]);
        const chunks = splitAt(all, cuts);
        let text: string;
        try {
          ({ text } = await readFeaturesSource('-', Readable.from(chunks)));
        } catch (err) {
          // Positions of undecodable input refer to the text as an editor shows it (invalid bytes as U+FFFD).
          const shown = new TextDecoder('utf-8').decode(all);
          const e = checkRejection(err, shown, '<stdin>');
          const p = e.problems[0]!;
          if (e.problems.length !== 1) fail('reader reports one problem', e.problems);
          if (p.message.startsWith('not valid UTF-8') && linesOf(shown)[p.line - 1]![p.column - 1] !== '\ufffd') {
            fail('invalid UTF-8 reported where the text has no invalid byte', { p, shown });
          }
          return;
        }
        // Accepted bytes decode exactly as a strict UTF-8 decoder does (which also drops a BOM).
        if (text !== new TextDecoder('utf-8', { fatal: true }).decode(all)) fail('decoded text differs', text);
        parseChecked(text);
      }),
      // Found by this property: a byte-order mark shifted the column of an invalid byte by one.
      { ...run, examples: [[[0xef, 0xbb, 0xbf], Buffer.from([0x80]), []]] },
    );
  });
});

function splitAt(b: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, b.length]) {
    if (p > from) out.push(b.subarray(from, p));
    from = Math.max(from, p);
  }
  return out;
}

describe('features file: valid and near-valid files', () => {
  it(`valid files in any layout (${RUNS} inputs) are accepted as written and round-trip`, () => {
    fc.assert(
      fc.property(validFeatures, layoutArb, (features, layout) => {
        const outcome = parseChecked(serialize(features, layout));
        if (!outcome.ok) fail('rejected a valid file', { features, problems: outcome.error.problems });
        if (!isDeepStrictEqual(outcome.features, features)) fail('changed a valid file', outcome.features);
      }),
      run,
    );
  });

  it(`one key renamed (${RUNS} inputs) is rejected`, () => {
    const newKey = fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom('name', 'status', 'NAME', 'Name ', 'Stauts', 'AdditionalConfigurations', 'additionalConfiguration', '__proto__', 'Features'));
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), fc.nat(), newKey, (features, layout, which, keyIndex, to) => {
        const { obj, path } = pick(entriesOf(features), which);
        const from = pick(Object.keys(obj), keyIndex);
        fc.pre(from !== to);
        const mutated = replaceAt(features, path, (o) => withEntries(Object.entries(o as object).map(([k, v]) => [k === from ? to : k, v])));
        rejected(serialize(mutated, layout), `renamed ${from} to ${JSON.stringify(to)}`);
      }),
      run,
    );
  });

  it(`one status changed (${RUNS} inputs) is accepted only if the new one is a status`, () => {
    const status = fc.oneof(statusArb, fc.constantFrom('enabled', 'Enabled', 'ON', 'OFF', ' ENABLED', 'ENABLED ', 'DISABLE', ''), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), status, (features, layout, which, to) => {
        const { path } = pick(entriesOf(features), which);
        const mutated = replaceAt(features, [...path, 'Status'], () => to);
        const outcome = parseChecked(serialize(mutated, layout));
        if (outcome.ok !== STATUSES.includes(to as never)) fail(`status ${JSON.stringify(to)} ${outcome.ok ? 'accepted' : 'rejected'}`);
      }),
      run,
    );
  });

  it(`one value's type changed (${RUNS} inputs) is rejected`, () => {
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (features, layout, which, field, seed) => {
        const { obj, path } = pick(entriesOf(features), which);
        // The entry itself, or one of its fields; the whole file being an array, or not, is covered above.
        const targets: (string | number)[][] = [path, ...Object.keys(obj).map((k) => [...path, k])];
        const target = pick(targets, field);
        const original = target.reduce<unknown>((node, seg) => (node as Record<string | number, unknown>)[seg], features);
        fc.pre(kindOf(seed) !== kindOf(original));
        rejected(serialize(replaceAt(features, target, () => seed), layout), `${target.join('.')} became ${JSON.stringify(seed)}`);
      }),
      run,
    );
  });

  it(`a duplicate key injected into the raw text (${RUNS} inputs) is rejected and named`, () => {
    const member = fc.tuple(fc.constantFrom('Name', 'Status', 'AdditionalConfiguration'), fc.oneof(fc.constantFrom(...FEATURE_NAMES, ...STATUSES), fc.jsonValue({ maxDepth: 1 })));
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), member, (features, layout, which, [key, value]) => {
        const text = serialize(features, layout);
        // Every '{' opens an entry (names contain no braces); give it a key it already has or, for
        // AdditionalConfiguration, one that may be new — then it is a duplicate only if the entry had it.
        const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
        const at = pick(braces, which) + 1;
        const entry = pick(entriesOf(features), which);
        const injected = `${text.slice(0, at)}${JSON.stringify(key)}: ${JSON.stringify(value)}, ${text.slice(at)}`;
        const outcome = parseChecked(injected);
        if (key in entry.obj) {
          if (outcome.ok) fail('accepted a duplicate key', injected);
          if (!outcome.error.problems.some((p) => p.message.startsWith(`duplicate key "${key}"`))) fail('duplicate key not named', outcome.error.problems);
        }
      }),
      run,
    );
  });

  it(`one character deleted (${RUNS} inputs) ends valid or in a located InputError`, () => {
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), (features, layout, at) => {
        const text = serialize(features, layout);
        const i = at % text.length;
        parseChecked(text.slice(0, i) + text.slice(i + 1));
      }),
      run,
    );
  });

  it(`one feature or additional configuration duplicated (${RUNS} inputs) is rejected`, () => {
    fc.assert(
      fc.property(validFeatures, layoutArb, fc.nat(), fc.nat(), (features, layout, which, where) => {
        const { path } = pick(entriesOf(features), which);
        const index = path.at(-1) as number;
        const listPath = path.slice(0, -1);
        const mutated = replaceAt(features, listPath, (list) => {
          const items = [...(list as unknown[])];
          items.splice(where % (items.length + 1), 0, items[index]);
          return items;
        });
        rejected(serialize(mutated, layout), `duplicated ${path.join('.')}`);
      }),
      run,
    );
  });
});

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

describe('features file: size limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdeks-prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stream that yields `total` bytes of `content` (then spaces) in the given chunk sizes, counting what it produced. */
  function meteredStream(content: Buffer, total: number, chunkSizes: number[]): { stream: Readable; produced: () => number } {
    let produced = 0;
    let k = 0;
    const stream = new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        const size = Math.min(chunkSizes[k++ % chunkSizes.length]!, total - produced);
        const chunk = Buffer.alloc(size, 0x20);
        if (produced < content.length) content.copy(chunk, 0, produced, Math.min(content.length, produced + size));
        produced += size;
        this.push(chunk);
      },
    });
    return { stream, produced: () => produced };
  }

  it(`files within ±64 bytes of MAX_FEATURES_BYTES, from stdin and from disk (${LARGE_RUNS} inputs), are read in full or refused without reading much further`, async () => {
    const largest = 256 * 1024;
    await fc.assert(
      fc.asyncProperty(validFeatures, fc.integer({ min: -64, max: 64 }), fc.array(fc.integer({ min: 1024, max: largest }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (features, delta, chunkSizes, fromDisk) => {
        const content = Buffer.from(JSON.stringify(features), 'utf8');
        const total = MAX_FEATURES_BYTES + delta;
        let result: { text: string } | InputError;
        let produced = 0;
        const source = (): Promise<{ text: string }> => {
          if (fromDisk) {
            const path = join(dir, 'large.json');
            writeFileSync(path, Buffer.concat([content, Buffer.alloc(total - content.length, 0x20)]));
            return readFeaturesSource(path);
          }
          const m = meteredStream(content, total, chunkSizes);
          return readFeaturesSource('-', m.stream).finally(() => void (produced = m.produced()));
        };
        try {
          result = await source();
        } catch (err) {
          result = checkRejection(err, ' ', fromDisk ? join(dir, 'large.json') : '<stdin>');
        }
        if (total <= MAX_FEATURES_BYTES) {
          if (result instanceof InputError) fail('refused a file within the limit', result.problems);
          const outcome = parseChecked(result.text);
          if (!outcome.ok || !isDeepStrictEqual(outcome.features, features)) fail('padded valid file not accepted as written');
        } else {
          if (!(result instanceof InputError) || !/larger than/.test(result.problems[0]!.message)) fail('accepted a file over the limit');
          // Bounded memory: the reader stops at the first chunk past the limit (plus what the stream buffered ahead).
          if (!fromDisk && produced > MAX_FEATURES_BYTES + 2 * largest) fail('read far past the limit', produced);
        }
      }),
      { seed: SEED, numRuns: LARGE_RUNS },
    );
  }, 60_000);

  it(`an endless stdin (${HUGE_RUNS} inputs) is refused after about MAX_FEATURES_BYTES`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 128 * 1024 }), { minLength: 1, maxLength: 3 }), async (chunkSizes) => {
        const m = meteredStream(Buffer.from('['), Number.MAX_SAFE_INTEGER, chunkSizes.map((s) => Math.max(s, 4096)));
        const err = await readFeaturesSource('-', m.stream).then(
          () => fail('accepted an endless stream'),
          (e: unknown) => checkRejection(e, ' ', '<stdin>'),
        );
        if (!/larger than/.test(err.problems[0]!.message)) fail('wrong refusal', err.problems);
        if (m.produced() > MAX_FEATURES_BYTES + 2 * 128 * 1024) fail('read far past the limit', m.produced());
      }),
      { seed: SEED, numRuns: HUGE_RUNS },
    );
  });

  it(`hostile files just under the limit (${SHAPES.length} shapes x ${HOSTILE_RUNS} inputs: many elements, keys, features, lines) end valid or in a bounded InputError`, () => {
    // Shapes whose cost grows with the number of nodes (~100,000 at this size): a quadratic step or a
    // recursion/spread proportional to the node count shows here as a timeout or a RangeError.
    // Short units, so there are many of them.
    const unit = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(...FEATURE_NAMES, ...STATUSES)).map((v) => JSON.stringify(v)).filter((u) => u.length <= 8);
    for (const shape of SHAPES) {
      fc.assert(
        fc.property(unit, (u) => void parseChecked(fillTo(MAX_FEATURES_BYTES - 256, shape, u))),
        { seed: SEED, numRuns: HOSTILE_RUNS },
      );
    }
    // The default 30 s: the whole test takes ~2 s; before a fix, the "keys" shape alone ran for minutes.
  });
});

const SHAPES = ['elements', 'keys', 'repeated-key', 'features', 'additional', 'lines'] as const;

function fillTo(size: number, shape: (typeof SHAPES)[number], unit: string): string {
  const item = (i: number): string => {
    switch (shape) {
      case 'keys':
        return `"k${i}": ${unit}`;
      case 'repeated-key':
        return `"Name": ${unit}`;
      case 'features':
        return `{ "Name": ${unit}, "Status": "ENABLED" }`;
      case 'additional':
        return `{ "Name": "EKS_ADDON_MANAGEMENT", "Status": ${unit} }`;
      case 'lines':
        return `\n${unit}`;
      default:
        return unit;
    }
  };
  const [open, close] =
    shape === 'keys' || shape === 'repeated-key'
      ? ['[{', '}]']
      : shape === 'additional'
        ? ['[{ "Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [', ']}]']
        : ['[', ']'];
  const parts: string[] = [];
  let length = open.length + close.length;
  for (let i = 0; ; i++) {
    const next = item(i);
    if (length + next.length + 1 > size) break;
    parts.push(next);
    length += next.length + 1;
  }
  return open + parts.join(',') + close;
}
