/**
 * Helpers over momoa's AST shared by every check: positions, JSON paths, plain values, how a found value is
 * described in messages, and "did you mean" suggestions.
 */
import type { MemberNode, Node, ObjectNode, ValueNode } from '@humanwhocodes/momoa';
import { distance } from 'fastest-levenshtein';
import type { Problem } from '../errors.js';

export type Path = readonly PropertyKey[];
/** A problem before the file name is added. */
export type Draft = Omit<Problem, 'file'>;

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
export function at(node: Node): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

/**
 * A problem at `node`, built field by field: `{ ...at(node), path, message }` costs microseconds each in V8, most
 * of the time of a file with hundreds of thousands of problems.
 */
export function located(node: Node, path: string, message: string, hints?: string[]): Draft {
  const draft: Draft = { line: node.loc.start.line, column: node.loc.start.column, path, message };
  if (hints) draft.hints = hints;
  return draft;
}

export function pathString(path: Path): string {
  return (
    '$' +
    path
      .map((seg) =>
        typeof seg === 'number' ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(String(seg)) ? `.${String(seg)}` : `[${JSON.stringify(String(seg))}]`,
      )
      .join('')
  );
}

export function keyOf(m: MemberNode): string {
  return m.name.type === 'String' ? m.name.value : m.name.name;
}

/** The member JSON.parse would keep: the last one with that key. */
export function lastMember(obj: ObjectNode, key: string): MemberNode | undefined {
  for (let i = obj.members.length - 1; i >= 0; i--) if (keyOf(obj.members[i]!) === key) return obj.members[i];
  return undefined;
}

export function stringAt(obj: ObjectNode, key: string): { value: string; node: ValueNode } | undefined {
  const node = lastMember(obj, key)?.value;
  return node?.type === 'String' ? { value: node.value, node } : undefined;
}

/** A plain value for zod; defineProperty so a "__proto__" key stays a key instead of becoming the prototype. */
export function toValue(node: ValueNode): unknown {
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

export function truncate(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** What was found, for messages: `"ON"`, `number 5`, `true`, `an object`. */
export function describe(node: ValueNode): string {
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
export function suggest(value: string, candidates: readonly string[]): string | undefined {
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

/** `$[0]` is a feature; `$[0].AdditionalConfiguration[1]` an additional configuration. */
export function entryKind(path: Path): 'feature' | 'additional configuration' {
  return path.length >= 3 ? 'additional configuration' : 'feature';
}
