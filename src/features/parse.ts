/**
 * Validates a features file completely before anything reaches AWS. Pure: text in, features or an InputError
 * listing every problem (file:line:column, JSON path, what was found, what is allowed) out.
 *
 * momoa gives an AST with positions and keeps duplicate keys (JSON.parse would drop them silently); zod checks the
 * shape of the entries; the checks across entries (duplicates, pairs, ownership) are done here on the AST.
 */
import { parse as parseJson, tokenize } from '@humanwhocodes/momoa';
import type { ArrayNode, MemberNode, Node, ObjectNode, Token, ValueNode } from '@humanwhocodes/momoa';
import { distance } from 'fastest-levenshtein';
import * as z from 'zod/mini';
import { InputError } from '../errors.js';
import type { Problem } from '../errors.js';
import {
  ADDITIONAL_CONFIGURATION_NAMES,
  FEATURE_NAMES,
  STATUSES,
  additionalBelongsTo,
  featuresForAdditional,
  isKnownAdditionalConfiguration,
  isKnownFeature,
  isReadOnlyFeature,
} from './names.js';
import type { DesiredFeature } from './types.js';

/** Past this many, the rest is summarised: a garbage file must not produce megabytes of output. */
export const MAX_PROBLEMS = 100;
/** A features file nests four levels; the cap keeps recursive code safe on hostile input. */
const MAX_DEPTH = 64;

type Path = readonly PropertyKey[];
type Draft = Omit<Problem, 'file'>;

const additionalSchema = z.strictObject({ Name: z.enum(ADDITIONAL_CONFIGURATION_NAMES), Status: z.enum(STATUSES) });
const featureSchema = z.strictObject({
  Name: z.enum(FEATURE_NAMES),
  Status: z.enum(STATUSES),
  AdditionalConfiguration: z.optional(z.array(additionalSchema)),
});
const fileSchema = z.array(featureSchema).check(z.minLength(1));

const FEATURE_KEYS = ['Name', 'Status', 'AdditionalConfiguration'];
const ADDITIONAL_KEYS = ['Name', 'Status'];
/** ENABLED first, as people say it; the SDK's order is alphabetical. */
const STATUS_NAMES = [...STATUSES].sort().reverse();
const STATUS_LIST = STATUS_NAMES.map((s) => `"${s}"`).join(' or ');
const EXAMPLE = [
  '[',
  '  { "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" },',
  '  { "Name": "EKS_RUNTIME_MONITORING", "Status": "ENABLED",',
  '    "AdditionalConfiguration": [ { "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" } ] }',
  ']',
];

export function parseFeaturesText(text: string, file: string): DesiredFeature[] {
  const fail = (drafts: Draft[]): never => {
    throw new InputError(finish(drafts).map((d) => ({ file, ...d })));
  };
  // Editors on Windows add a BOM; it is not part of the JSON and must not shift columns.
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.trim() === '') {
    fail([{ line: 1, column: 1, path: '$', message: 'the file is empty; expected a JSON array of features', hints: ['for example:', ...EXAMPLE] }]);
  }
  const tooDeepAt = scan(src, src.length).tooDeepAt;
  if (tooDeepAt !== undefined) {
    fail([{ ...positionAt(src, tooDeepAt), path: '$', message: `nested more than ${MAX_DEPTH} levels deep; a features file nests four` }]);
  }
  let body: ValueNode;
  try {
    body = parseJson(src, { mode: 'json' }).body;
  } catch (err) {
    return fail([syntaxProblem(src, err)]);
  }

  const strict = strictJsonProblem(src);
  const result = fileSchema.safeParse(toValue(body));
  // Array literals, not push(...list): a 1 MiB file can yield ~500,000 problems, past the argument-count limit.
  const drafts: Draft[] = [
    ...(strict ? [strict] : []),
    ...schemaProblems(body, result.success ? [] : result.error.issues),
    ...duplicateKeyProblems(body),
    ...crossEntryProblems(body),
  ];
  if (!result.success || drafts.length > 0) {
    return fail(drafts.length > 0 ? drafts : [{ ...at(body), path: '$', message: 'not a valid features file' }]);
  }
  return result.data.map(({ Name, Status, AdditionalConfiguration }) =>
    AdditionalConfiguration === undefined
      ? { Name, Status }
      : { Name, Status, AdditionalConfiguration: AdditionalConfiguration.map((a) => ({ Name: a.Name, Status: a.Status })) },
  );
}

/** File order, and a bounded list. */
function finish(drafts: Draft[]): Draft[] {
  const sorted = [...drafts].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const next = sorted[MAX_PROBLEMS]!;
  const rest = sorted.length - MAX_PROBLEMS;
  return [...sorted.slice(0, MAX_PROBLEMS), { ...next, message: `and ${rest} more problem(s) not shown`, hints: [] }];
}

// ---------------------------------------------------------------- positions, paths, values

/** 1-based line and column of an offset, counting \n, \r\n and \r as momoa does. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** momoa's columns are already 1-based (checked: `{"a"` puts `"a"` at column 2). */
function at(node: Node): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function pathString(path: Path): string {
  return (
    '$' +
    path
      .map((seg) =>
        typeof seg === 'number' ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(String(seg)) ? `.${String(seg)}` : `[${JSON.stringify(String(seg))}]`,
      )
      .join('')
  );
}

function keyOf(m: MemberNode): string {
  return m.name.type === 'String' ? m.name.value : m.name.name;
}

/** The member JSON.parse would keep: the last one with that key. */
function lastMember(obj: ObjectNode, key: string): MemberNode | undefined {
  for (let i = obj.members.length - 1; i >= 0; i--) if (keyOf(obj.members[i]!) === key) return obj.members[i];
  return undefined;
}

function stringAt(obj: ObjectNode, key: string): { value: string; node: ValueNode } | undefined {
  const node = lastMember(obj, key)?.value;
  return node?.type === 'String' ? { value: node.value, node } : undefined;
}

/** A plain value for zod; defineProperty so a "__proto__" key stays a key instead of becoming the prototype. */
function toValue(node: ValueNode): unknown {
  switch (node.type) {
    case 'Array':
      return node.elements.map((e) => toValue(e.value));
    case 'Object': {
      const out: Record<string, unknown> = {};
      for (const m of node.members) {
        Object.defineProperty(out, keyOf(m), { value: toValue(m.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'Null':
      return null;
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return node.sign === '-' ? -Infinity : Infinity;
    default:
      return node.value;
  }
}

function truncate(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** What was found, for messages: `"ON"`, `number 5`, `true`, `an object`. */
function describe(node: ValueNode): string {
  switch (node.type) {
    case 'String':
      return JSON.stringify(truncate(node.value));
    case 'Number':
      return `number ${truncate(String(node.value))}`;
    case 'Boolean':
      return String(node.value);
    case 'Object':
      return 'an object';
    case 'Array':
      return 'an array';
    default:
      return 'null';
  }
}

/** The nearest candidate within a few edits, ignoring case; none for long or far-off input. */
function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (value.length > 64) return undefined;
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(v, c.toLowerCase());
    if (d < bestDistance && d <= Math.max(2, Math.floor(c.length / 4))) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `a`, `a or b`, `a, b or c` (or with `and`). */
function quoteList(names: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;
}

// ---------------------------------------------------------------- not JSON

/** Tracks strings and nesting over raw text without building anything, so it is safe on any input. */
function scan(text: string, stop: number): { tooDeepAt?: number; openString?: number } {
  let depth = 0;
  let stringStart = -1;
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (c === 0x5c) i++;
      else if (c === 0x22) stringStart = -1;
    } else if (c === 0x22) stringStart = i;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return { tooDeepAt: i };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return stringStart >= 0 ? { openString: stringStart } : {};
}

function foundAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const word = /[A-Za-z_$][\w$]*/y;
  word.lastIndex = offset;
  const w = word.exec(text)?.[0];
  if (w) return `the unquoted word ${truncate(w, 40)}`;
  const ch = String.fromCodePoint(text.codePointAt(offset)!);
  if (ch === '"') return 'a string';
  if (/[-\d]/.test(ch)) return 'a number';
  if (/^[\x21-\x7e]$/.test(ch)) return `'${ch}'`;
  return `the character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

type State = 'value' | 'first-value' | 'first-key' | 'key' | 'colon' | 'after-value' | 'end';
interface Open {
  kind: '[' | '{';
  line: number;
  column: number;
}
interface Replay {
  state: State;
  open: Open[];
  afterComma: boolean;
  /** Offset of the first token the grammar rejects, or `end` when all were accepted. */
  stoppedAt: number;
}

/**
 * Replays tokens through the JSON grammar, to find the first wrong token and say what was expected there.
 * (momoa's own error offset points at the previous token when the text ends early.)
 */
function replay(tokens: readonly Token[], end: number): Replay {
  const open: Open[] = [];
  let state: State = 'value';
  let afterComma = false;
  const closeValue = (): State => (open.length > 0 ? 'after-value' : 'end');
  for (const t of tokens) {
    const top = open.at(-1)?.kind;
    const reject = (): Replay => ({ state, open, afterComma, stoppedAt: t.loc.start.offset });
    if (state === 'value' || state === 'first-value') {
      if (t.type === 'LBracket' || t.type === 'LBrace') {
        open.push({ kind: t.type === 'LBracket' ? '[' : '{', line: t.loc.start.line, column: t.loc.start.column });
        state = t.type === 'LBracket' ? 'first-value' : 'first-key';
      } else if (['String', 'Number', 'Boolean', 'Null'].includes(t.type)) state = closeValue();
      else if (state === 'first-value' && t.type === 'RBracket') {
        open.pop();
        state = closeValue();
      } else return reject();
    } else if (state === 'first-key' || state === 'key') {
      if (t.type === 'String') state = 'colon';
      else if (state === 'first-key' && t.type === 'RBrace') {
        open.pop();
        state = closeValue();
      } else return reject();
    } else if (state === 'colon') {
      if (t.type !== 'Colon') return reject();
      state = 'value';
    } else if (state === 'after-value') {
      if (t.type === 'Comma') state = top === '[' ? 'value' : 'key';
      else if ((t.type === 'RBracket' && top === '[') || (t.type === 'RBrace' && top === '{')) {
        open.pop();
        state = closeValue();
      } else return reject();
    } else return reject();
    afterComma = t.type === 'Comma';
  }
  return { state, open, afterComma, stoppedAt: end };
}

function tokensOf(text: string): Token[] | { offset: number } {
  try {
    return tokenize(text, { mode: 'json' });
  } catch (err) {
    const offset = (err as { offset?: unknown }).offset;
    return { offset: typeof offset === 'number' ? offset : 0 };
  }
}

function syntaxProblem(text: string, err: unknown): Draft {
  const fallback = (offset: number): Draft => ({
    ...positionAt(text, offset),
    path: '$',
    message: `not valid JSON: ${(err instanceof Error ? err.message : String(err)).replace(/ \(\d+:\d+\)$/, '')}`,
  });
  const momoaOffset = err instanceof Error ? (err as { offset?: unknown }).offset : undefined;
  const all = tokensOf(text);
  let g: Replay;
  if (Array.isArray(all)) {
    g = replay(all, text.length);
    if (g.state === 'end' && g.stoppedAt === text.length) return fallback(typeof momoaOffset === 'number' ? momoaOffset : 0);
  } else {
    // A lexical error: inside a string, or a character JSON has no token for.
    const stringStart = scan(text, all.offset).openString;
    if (stringStart !== undefined) return stringProblem(text, stringStart, all.offset);
    const before = tokensOf(text.slice(0, all.offset));
    if (!Array.isArray(before)) {
      const what = /[\d.eE+-]$/.test(text.slice(0, all.offset)) ? 'a malformed number' : `unexpected ${foundAt(text, all.offset)}`;
      return { ...positionAt(text, all.offset), path: '$', message: `not valid JSON: ${what}`, hints: ['numbers look like 1, -2.5 or 1e3; names and statuses are strings in double quotes'] };
    }
    g = replay(before, all.offset);
  }
  return grammarProblem(text, g);
}

function stringProblem(text: string, start: number, offset: number): Draft {
  if (offset >= text.length) {
    const p = positionAt(text, start);
    return { ...p, path: '$', message: `not valid JSON: the string that starts at line ${p.line}, column ${p.column} is never closed`, hints: ['add the closing double quote (")'] };
  }
  const backslash = text.lastIndexOf('\\', offset);
  const escape = backslash > start ? text.slice(backslash, backslash + (text[backslash + 1] === 'u' ? 6 : 2)) : text.slice(offset, offset + 1);
  return {
    ...positionAt(text, backslash > start ? backslash : offset),
    path: '$',
    message: `not valid JSON: bad escape sequence ${escape} in a string`,
    hints: ['allowed escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (four hex digits)'],
  };
}

function grammarProblem(text: string, g: Replay): Draft {
  const offset = g.stoppedAt;
  const found = foundAt(text, offset);
  const top = g.open.at(-1)?.kind;
  const expected: Record<State, string> = {
    value: g.open.length === 0 ? 'a JSON array of features' : 'a value',
    'first-value': "a value or ']'",
    'first-key': "a key in double quotes or '}'",
    key: 'a key in double quotes',
    colon: "':' after the key",
    'after-value': top === '[' ? "',' or ']'" : "',' or '}'",
    end: 'the end of the file',
  };
  const hints: string[] = [];
  const ch = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  const keyState = g.state === 'key' || g.state === 'first-key';
  if (g.afterComma && (ch === ']' || ch === '}')) hints.push('remove the trailing comma before it: JSON does not allow one');
  else if (g.state === 'after-value' && /["{[\d-]/.test(ch)) hints.push('a comma is probably missing before it');
  else if (ch === "'") hints.push('JSON needs double quotes (") around strings and keys');
  else if (ch === '/' || ch === '#') hints.push('JSON does not allow comments');
  else if (/^\s$/u.test(ch)) hints.push('this looks like a space but is not one: JSON allows only plain spaces, tabs and line breaks');
  else if (found.startsWith('the unquoted word')) {
    const word = /[\w$]+/y;
    word.lastIndex = offset;
    const w = word.exec(text)?.[0] ?? '';
    const lower = w.toLowerCase();
    if (!keyState && ['true', 'false', 'null'].includes(lower)) hints.push(`write ${lower} in lower case`);
    else hints.push(`${keyState ? 'keys' : 'strings'} need double quotes: "${truncate(w, 40)}"`);
  } else if (g.state === 'end') hints.push('there is more after the end of the JSON value; a features file is a single array');
  if (offset >= text.length) {
    for (const o of [...g.open].reverse().slice(0, 3)) hints.push(`the '${o.kind}' at line ${o.line}, column ${o.column} is never closed`);
  }
  return {
    ...positionAt(text, offset),
    path: '$',
    message: `not valid JSON: expected ${expected[g.state]}, found ${found}`,
    ...(hints.length ? { hints } : {}),
  };
}

/** momoa accepts raw control characters inside strings; JSON.parse and the AWS CLI do not. */
function strictJsonProblem(text: string): Draft | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const offset = Number(/position (\d+)/.exec(String((err as Error).message))?.[1] ?? 0);
    const code = text.charCodeAt(offset);
    const what =
      code < 0x20 ? `a raw control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) inside a string; escape it or remove it` : String((err as Error).message);
    return { ...positionAt(text, offset), path: '$', message: `not valid JSON: ${what}` };
  }
}

// ---------------------------------------------------------------- shape (zod)

type Issue = z.core.$ZodIssue;

interface Located {
  node: ValueNode | undefined;
  parent: ValueNode;
}

function resolve(root: ValueNode, path: Path): Located {
  let node: ValueNode | undefined = root;
  let parent = root;
  for (const seg of path) {
    if (!node) break;
    parent = node;
    if (typeof seg === 'number' && node.type === 'Array') node = node.elements[seg]?.value;
    else if (typeof seg === 'string' && node.type === 'Object') node = lastMember(node, seg)?.value;
    else node = undefined;
  }
  return { node, parent };
}

/** `$[0]` is a feature; `$[0].AdditionalConfiguration[1]` an additional configuration. */
function entryKind(path: Path): 'feature' | 'additional configuration' {
  return path.length >= 3 ? 'additional configuration' : 'feature';
}

function schemaProblems(body: ValueNode, issues: readonly Issue[]): Draft[] {
  const drafts: Draft[] = [];
  // A misspelt key ("name") is reported once, as a misspelling, not again as a missing "Name".
  const explained = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const { node } = resolve(body, issue.path);
    if (node?.type !== 'Object') continue;
    const allowed = issue.path.length >= 3 ? ADDITIONAL_KEYS : FEATURE_KEYS;
    // One pass, not a search per key: an object with 90,000 unknown keys was quadratic (minutes).
    const firstByKey = new Map<string, MemberNode>();
    for (const m of node.members) if (!firstByKey.has(keyOf(m))) firstByKey.set(keyOf(m), m);
    for (const key of issue.keys) {
      const member = firstByKey.get(key);
      const guess = suggest(key, allowed);
      if (guess) explained.add(`${pathString(issue.path)}.${guess}`);
      const nested = key === 'AdditionalConfiguration' && allowed === ADDITIONAL_KEYS;
      drafts.push({
        ...at(member?.name ?? node),
        path: pathString([...issue.path, key]),
        message: nested
          ? 'an additional configuration cannot have its own "AdditionalConfiguration"; it belongs on the feature'
          : `unknown key ${JSON.stringify(truncate(key))}${guess ? `; did you mean "${guess}"?` : ''}`,
        hints: [`allowed keys: ${allowed.join(', ')}`],
      });
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' || explained.has(pathString(issue.path))) continue;
    drafts.push(shapeProblem(body, issue));
  }
  return drafts;
}

function shapeProblem(body: ValueNode, issue: Issue): Draft {
  const { node, parent } = resolve(body, issue.path);
  const path = pathString(issue.path);
  const field = issue.path.at(-1);
  const kind = entryKind(issue.path);
  if (issue.path.length === 0) return topLevelProblem(body);
  if (typeof field === 'number') {
    const target = node ?? parent;
    const sample = kind === 'feature' ? '{ "Name": "EKS_AUDIT_LOGS", "Status": "ENABLED" }' : '{ "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" }';
    const named = node?.type === 'String' && (isKnownFeature(node.value) || isKnownAdditionalConfiguration(node.value));
    return {
      ...at(target),
      path,
      message: `each ${kind} must be an object like ${sample}, found ${node ? describe(node) : 'nothing'}`,
      ...(named ? { hints: [`write { "Name": ${JSON.stringify(node.value)}, "Status": "ENABLED" }`] } : {}),
    };
  }
  const ownerName = parent.type === 'Object' ? stringAt(parent, 'Name')?.value : undefined;
  const owner = ownerName && (isKnownFeature(ownerName) || isKnownAdditionalConfiguration(ownerName)) ? `${kind} ${ownerName}` : `this ${kind}`;
  if (!node) {
    const allowed =
      field !== 'Name'
        ? `allowed values: ${STATUS_NAMES.join(', ')}`
        : kind === 'feature'
          ? `allowed features: ${FEATURE_NAMES.join(', ')}`
          : `allowed additional configurations: ${ADDITIONAL_CONFIGURATION_NAMES.join(', ')}`;
    return { ...at(parent), path, message: `${owner} has no "${String(field)}"`, hints: [allowed] };
  }
  if (field === 'Name') return nameProblem(node, path, kind);
  if (field === 'Status') return statusProblem(node, path);
  if (field === 'AdditionalConfiguration') {
    return {
      ...at(node),
      path,
      message: `"AdditionalConfiguration" must be an array of { "Name", "Status" } objects, found ${describe(node)}`,
      ...(node.type === 'Object' ? { hints: ['wrap the object in [ ]'] } : {}),
    };
  }
  return { ...at(node), path, message: `invalid value ${describe(node)}` };
}

function topLevelProblem(body: ValueNode): Draft {
  const base = { ...at(body), path: '$' };
  if (body.type === 'Array') {
    return { ...base, message: 'the features file is an empty array; list at least one feature', hints: ['for example:', ...EXAMPLE] };
  }
  const hints: string[] = [];
  if (body.type === 'Object' && lastMember(body, 'Features')) hints.push('use only the array under "Features"');
  else if (body.type === 'Object' && lastMember(body, 'Name')) hints.push('wrap the object in [ ]: the file is a list of features');
  else hints.push('for example:', ...EXAMPLE);
  return { ...base, message: `a features file must be a JSON array of features, found ${describe(body)}`, hints };
}

function nameProblem(node: ValueNode, path: string, kind: string): Draft {
  const here = { ...at(node), path };
  if (node.type !== 'String') return { ...here, message: `"Name" must be a string, found ${describe(node)}` };
  const name = node.value;
  const shown = JSON.stringify(truncate(name));
  if (kind === 'feature') {
    if (isReadOnlyFeature(name)) {
      return { ...here, message: `${name} is a foundational data source: it is always on and cannot be set; remove this entry` };
    }
    if (isKnownAdditionalConfiguration(name)) {
      const owners = featuresForAdditional(name);
      return {
        ...here,
        message: `${name} is an additional configuration, not a feature; list it under "AdditionalConfiguration" of ${owners.length ? quoteList(owners) : 'the feature it configures'}`,
      };
    }
    const guess = suggest(name, FEATURE_NAMES);
    return {
      ...here,
      message: `unknown feature ${shown}${guess ? `; did you mean "${guess}"?` : ''}`,
      hints: [`allowed features: ${FEATURE_NAMES.join(', ')}`],
    };
  }
  if (isKnownFeature(name)) {
    return { ...here, message: `${name} is a feature, not an additional configuration; list it as its own entry of the top-level array` };
  }
  const guess = suggest(name, ADDITIONAL_CONFIGURATION_NAMES);
  return {
    ...here,
    message: `unknown additional configuration ${shown}${guess ? `; did you mean "${guess}"?` : ''}`,
    hints: [`allowed additional configurations: ${ADDITIONAL_CONFIGURATION_NAMES.join(', ')}`],
  };
}

function statusProblem(node: ValueNode, path: string): Draft {
  const here = { ...at(node), path };
  if (node.type === 'Boolean') {
    return { ...here, message: `"Status" must be ${STATUS_LIST}, found ${describe(node)}`, hints: [`use "${node.value ? 'ENABLED' : 'DISABLED'}"`] };
  }
  if (node.type !== 'String') return { ...here, message: `"Status" must be ${STATUS_LIST}, found ${describe(node)}` };
  const exact = STATUSES.find((s) => s === node.value.toUpperCase());
  return exact
    ? { ...here, message: `invalid status ${JSON.stringify(node.value)}; did you mean "${exact}"? (statuses are upper case)` }
    : { ...here, message: `invalid status ${JSON.stringify(truncate(node.value))}; allowed values: ${STATUS_NAMES.join(', ')}` };
}

// ---------------------------------------------------------------- duplicate keys

/** Up to this size the corrected file is shown in full; past it the problem lines say enough. */
const MAX_CORRECTED_LINES = 80;

function duplicateKeyProblems(body: ValueNode): Draft[] {
  const drafts: Draft[] = [];
  let split: 'feature' | 'additional configuration' | undefined;
  const visit = (node: ValueNode, path: Path): void => {
    if (node.type === 'Array') node.elements.forEach((e, i) => visit(e.value, [...path, i]));
    if (node.type !== 'Object') return;
    const byKey = new Map<string, MemberNode[]>();
    for (const m of node.members) {
      const same = byKey.get(keyOf(m));
      if (same) same.push(m);
      else byKey.set(keyOf(m), [m]);
    }
    const isEntry = path.length === 1 || (path.length === 3 && path[1] === 'AdditionalConfiguration');
    for (const [key, members] of byKey) {
      if (members.length < 2) continue;
      const last = members.at(-1)!;
      const earlier = members.slice(0, -1);
      const lineOf = (m: MemberNode): string => String(m.name.loc.start.line);
      // A hostile file can repeat a key thousands of times; name the first few.
      const linesOf = (ms: MemberNode[]): string =>
        ms.length > 6 ? `${ms.slice(0, 5).map(lineOf).join(', ')} and ${ms.length - 5} more` : quoteList(ms.map(lineOf), 'and');
      const dropped = earlier.flatMap((m) => (m.value.type === 'String' ? [truncate(m.value.value)] : []));
      const kind = entryKind(path);
      if (key === 'Name' && isEntry) split ??= kind;
      const effect =
        key === 'Name' && isEntry && dropped.length > 0
          ? `so ${kind} ${quoteList(dropped.slice(0, 5), 'and')}${dropped.length > 5 ? ' (and more)' : ''} would be silently dropped`
          : `the value${earlier.length > 1 ? 's' : ''} at line${earlier.length > 1 ? 's' : ''} ${linesOf(earlier)} ${earlier.length > 1 ? 'are' : 'is'} silently ignored`;
      drafts.push({
        ...at(members[1]!.name),
        path: pathString([...path, key]),
        message:
          `duplicate key ${JSON.stringify(truncate(key))} in one object (lines ${linesOf(members)}): ` +
          `JSON.parse and the AWS CLI keep only the last value (${describe(last.value)} at line ${lineOf(last)}), ${effect}`,
      });
    }
    for (const m of node.members) visit(m.value, [...path, keyOf(m)]);
  };
  visit(body, []);
  const first = drafts.sort((a, b) => a.line - b.line || a.column - b.column)[0];
  if (first && split) {
    const corrected = pretty(intended(body)).split('\n');
    first.hints =
      corrected.length <= MAX_CORRECTED_LINES && corrected.every((l) => l.length <= 200)
        ? [`each ${split} needs its own { } object; the intended file is probably:`, ...corrected]
        : [`each ${split} needs its own { } object: split the object at the repeated "Name"`];
  }
  return drafts;
}

/** The file as its author meant it: an object with a repeated "Name" becomes one object per repetition. */
function intended(node: ValueNode): unknown {
  if (node.type === 'Array') {
    return node.elements.flatMap((e) => (e.value.type === 'Object' && repeatsName(e.value) ? splitObject(e.value) : [intended(e.value)]));
  }
  return node.type === 'Object' ? objectOf(node.members) : toValue(node);
}

/** Like examples/config.json: arrays one entry per line, objects of plain values on one line. */
function pretty(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value);
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object');
  const parts = entries.map(([k, v]) => `${JSON.stringify(k)}: ${pretty(v, inner)}`);
  if (entries.length === 0) return '{}';
  return flat ? `{ ${parts.join(', ')} }` : `{\n${parts.map((p) => inner + p).join(',\n')}\n${indent}}`;
}

function repeatsName(obj: ObjectNode): boolean {
  return obj.members.filter((m) => keyOf(m) === 'Name').length > 1;
}

/** A new object starts at each key the current one already has, as when two objects were pasted into one. */
function splitObject(obj: ObjectNode): unknown[] {
  const groups: MemberNode[][] = [[]];
  for (const m of obj.members) {
    const group = groups.at(-1)!;
    if (group.some((g) => keyOf(g) === keyOf(m))) groups.push([m]);
    else group.push(m);
  }
  return groups.map(objectOf);
}

function objectOf(members: readonly MemberNode[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    Object.defineProperty(out, keyOf(m), { value: intended(m.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// ---------------------------------------------------------------- across entries

const PAIR = ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING'] as const;

interface Seen {
  node: ValueNode;
  path: string;
}

function where(s: Seen): string {
  return `line ${s.node.loc.start.line}, column ${s.node.loc.start.column}, ${s.path}`;
}

function crossEntryProblems(body: ValueNode): Draft[] {
  if (body.type !== 'Array') return [];
  const drafts: Draft[] = [];
  const features = new Map<string, Seen>();
  body.elements.forEach((element, i) => {
    if (element.value.type !== 'Object') return;
    const name = stringAt(element.value, 'Name');
    const feature = name && isKnownFeature(name.value) ? name.value : undefined;
    if (name && feature) {
      const here: Seen = { node: name.node, path: pathString([i, 'Name']) };
      const first = features.get(feature);
      if (first) {
        drafts.push({ ...at(here.node), path: here.path, message: `feature ${feature} is listed twice (also at ${where(first)}); list each feature once` });
      } else features.set(feature, here);
    }
    const list = lastMember(element.value, 'AdditionalConfiguration')?.value;
    if (list?.type === 'Array') for (const d of additionalProblems(list, i, feature)) drafts.push(d);
  });
  const [erm, rm] = PAIR.map((n) => features.get(n));
  if (erm && rm) drafts.push(pairProblem(erm, rm));
  return drafts;
}

function additionalProblems(list: ArrayNode, featureIndex: number, feature: string | undefined): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Map<string, Seen>();
  list.elements.forEach((element, j) => {
    if (element.value.type !== 'Object') return;
    const name = stringAt(element.value, 'Name');
    if (!name || !isKnownAdditionalConfiguration(name.value)) return;
    const here: Seen = { node: name.node, path: pathString([featureIndex, 'AdditionalConfiguration', j, 'Name']) };
    const first = seen.get(name.value);
    const under = feature ? ` under ${feature}` : '';
    if (first) {
      drafts.push({ ...at(here.node), path: here.path, message: `additional configuration ${name.value} is listed twice${under} (also at ${where(first)}); list it once` });
    } else seen.set(name.value, here);
    if (feature && !additionalBelongsTo(feature, name.value)) {
      drafts.push({
        ...at(here.node),
        path: here.path,
        message: `${name.value} does not belong to ${feature}; it is an additional configuration of ${quoteList(featuresForAdditional(name.value))}`,
        hints: ['move it under that feature, or remove it'],
      });
    }
  });
  return drafts;
}

/** The API rejects both in one request; the later one in the file carries the problem. */
function pairProblem(erm: Seen, rm: Seen): Draft {
  const [earlier, later] = erm.node.loc.start.offset < rm.node.loc.start.offset ? [erm, rm] : [rm, erm];
  return {
    ...at(later.node),
    path: later.path,
    message: `EKS_RUNTIME_MONITORING and RUNTIME_MONITORING cannot be in one file (the other is at ${where(earlier)}): the API rejects a request that has both, whatever their statuses`,
    hints: [
      'keep RUNTIME_MONITORING: it includes EKS threat detection, AWS recommends it, and Security Hub control GuardDuty.11 checks it',
      'to migrate from EKS_RUNTIME_MONITORING, run gdeks enable twice:',
      '  1. with a file that enables RUNTIME_MONITORING (and EKS_ADDON_MANAGEMENT):',
      '     [{ "Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{ "Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED" }] }]',
      '  2. then with a file that disables EKS_RUNTIME_MONITORING:',
      '     [{ "Name": "EKS_RUNTIME_MONITORING", "Status": "DISABLED" }]',
    ],
  };
}
