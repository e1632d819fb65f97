/** Problems of a text that is not JSON at all: where the first wrong token is, what was expected there, and why. */
import { tokenize } from '@humanwhocodes/momoa';
import type { Token } from '@humanwhocodes/momoa';
import { positionAt, truncate } from './ast.js';
import type { Draft } from './ast.js';

/** A features file nests four levels; the cap keeps recursive code safe on hostile input. */
export const MAX_DEPTH = 64;

/** Tracks strings and nesting over raw text without building anything, so it is safe on any input. */
export function scan(text: string, stop: number): { tooDeepAt?: number; openString?: number } {
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

/** What the file holds at its top level, for syntax messages. */
export interface TopLevel {
  /** `a JSON array of features` */
  expected: string;
  /** `a features file` */
  noun: string;
}

const FEATURES_TOP: TopLevel = { expected: 'a JSON array of features', noun: 'a features file' };

export function syntaxProblem(text: string, err: unknown, top: TopLevel = FEATURES_TOP): Draft {
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
  return grammarProblem(text, g, top);
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

function grammarProblem(text: string, g: Replay, file: TopLevel): Draft {
  const offset = g.stoppedAt;
  const found = foundAt(text, offset);
  const top = g.open.at(-1)?.kind;
  const expected: Record<State, string> = {
    value: g.open.length === 0 ? file.expected : 'a value',
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
  } else if (g.state === 'end') hints.push(`there is more after the end of the JSON value; ${file.noun} is a single array`);
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
export function strictJsonProblem(text: string): Draft | undefined {
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
