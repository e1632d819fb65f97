/** Keys repeated in one object (which JSON.parse drops silently), and the file its author probably meant. */
import type { MemberNode, ObjectNode, ValueNode } from '@humanwhocodes/momoa';
import { at, describe, entryKind, keyOf, pathString, toValue, truncate } from './ast.js';
import type { Draft, Path } from './ast.js';
import { wordList } from '../text/word-list.js';

/** Up to this size the corrected file is shown in full; past it the problem lines say enough. */
const MAX_CORRECTED_LINES = 80;

export function duplicateKeyProblems(body: ValueNode): Draft[] {
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
    const names = byKey.get('Name') ?? [];
    // Two entries pasted into one object: every repeated key in it belongs to that, even one with equal values.
    const pasted = names.length > 1 && !names.every((m) => sameJson(m.value, names[0]!.value));
    for (const [key, members] of byKey) {
      if (members.length < 2) continue;
      const last = members.at(-1)!;
      const earlier = members.slice(0, -1);
      const lineOf = (m: MemberNode): string => String(m.name.loc.start.line);
      // A hostile file can repeat a key thousands of times; name the first few.
      const linesOf = (ms: MemberNode[]): string =>
        ms.length > 6 ? `${ms.slice(0, 5).map(lineOf).join(', ')} and ${ms.length - 5} more` : wordList(ms.map(lineOf), 'and');
      const lines = new Set(members.map(lineOf));
      const where = lines.size === 1 ? `${members.length === 2 ? 'twice' : `${members.length} times`} on line ${lineOf(last)}` : `lines ${linesOf(members)}`;
      // The same value repeated loses nothing: it is a slip to tidy, not two entries pasted into one.
      const sameValue = members.every((m) => sameJson(m.value, last.value));
      if (sameValue && !pasted) {
        drafts.push({
          ...at(members[1]!.name),
          path: pathString([...path, key]),
          message: `duplicate key ${JSON.stringify(truncate(key))} in one object (${where}), each time ${describe(last.value)}: remove the repeat${members.length > 2 ? 's' : ''}`,
        });
        continue;
      }
      const dropped = earlier.flatMap((m) => (m.value.type === 'String' ? [truncate(m.value.value)] : []));
      const kind = entryKind(path);
      if (key === 'Name' && isEntry) split ??= kind;
      const effect =
        key === 'Name' && isEntry && dropped.length > 0
          ? `so ${kind} ${wordList(dropped.slice(0, 5), 'and')}${dropped.length > 5 ? ' (and more)' : ''} would be silently dropped`
          : `the value${earlier.length > 1 ? 's' : ''} at line${earlier.length > 1 ? 's' : ''} ${linesOf(earlier)} ${earlier.length > 1 ? 'are' : 'is'} silently ignored`;
      drafts.push({
        ...at(members[1]!.name),
        path: pathString([...path, key]),
        message:
          `duplicate key ${JSON.stringify(truncate(key))} in one object (${where}): ` +
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

function sameJson(a: ValueNode, b: ValueNode): boolean {
  if (a.type !== b.type) return false;
  // Strings, the usual case, without building values; anything else compared as the JSON it stands for.
  if (a.type === 'String' && b.type === 'String') return a.value === b.value;
  return JSON.stringify(toValue(a)) === JSON.stringify(toValue(b));
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
