/**
 * JSON.stringify(value, null, indent) in pieces of about PIECE_CHARS characters, the same text once joined: for
 * a document too large to hold whole (status --organization: every member of every region), whose one string,
 * and the bytes it became on write, were most of the peak memory. Arrays and plain objects down to
 * EXPANDED_DEPTH are laid out here; anything deeper (one member, say) is JSON.stringify'd and indented to fit.
 */

const PIECE_CHARS = 64 * 1024;
const EXPANDED_DEPTH = 4;
/** Array items past EXPANDED_DEPTH are stringified this many at a time (one JSON.stringify call, not one each). */
const ITEMS_AT_ONCE = 64;

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function' && Object.getPrototypeOf(v) === Object.prototype;

export function* jsonPieces(value: unknown, indent = 0): Generator<string> {
  let buffered = '';
  for (const text of layout(value, indent, '', 0)) {
    buffered += text;
    if (buffered.length >= PIECE_CHARS) {
      yield buffered;
      buffered = '';
    }
  }
  if (buffered !== '') yield buffered;
}

/** JSON.stringify's text of `value` when it starts at indentation `at` (its later lines moved right to fit). */
function stringified(value: unknown, indent: number, at: string): string {
  const text = JSON.stringify(value, null, indent);
  return indent > 0 && at !== '' ? text.replaceAll('\n', `\n${at}`) : text;
}

function* layout(value: unknown, indent: number, at: string, depth: number): Generator<string> {
  const expand = depth < EXPANDED_DEPTH && (Array.isArray(value) || isPlainObject(value));
  if (!expand) return yield stringified(value, indent, at);
  const inner = at + ' '.repeat(indent);
  const open = indent > 0 ? `\n${inner}` : '';
  const close = indent > 0 ? `\n${at}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    if (depth + 1 < EXPANDED_DEPTH) {
      for (let i = 0; i < value.length; i++) {
        yield i === 0 ? open : `,${open}`;
        const v: unknown = value[i];
        if (omitted(v)) yield 'null';
        else yield* layout(v, indent, inner, depth + 1);
      }
    } else {
      // Some items at a time, nested in as many arrays as this one is deep so that JSON.stringify indents them as
      // they stand here; what is kept is from the first item's line break to the end of the last item.
      const levels = depth + 1;
      const head = indent > 0 ? 2 * levels + (indent * levels * (levels + 1)) / 2 - open.length : levels;
      const tail = indent > 0 ? 2 * levels + (indent * levels * (levels - 1)) / 2 : levels;
      for (let i = 0; i < value.length; i += ITEMS_AT_ONCE) {
        let nested: unknown = value.slice(i, i + ITEMS_AT_ONCE);
        for (let l = 1; l < levels; l++) nested = [nested];
        const some = JSON.stringify(nested, null, indent);
        yield `${i === 0 ? '' : ','}${some.slice(head, some.length - tail)}`;
      }
    }
    return yield `${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => !omitted(v));
  if (entries.length === 0) return yield '{}';
  yield '{';
  let first = true;
  for (const [key, v] of entries) {
    yield `${first ? '' : ','}${open}${JSON.stringify(key)}:${indent > 0 ? ' ' : ''}`;
    first = false;
    yield* layout(v, indent, inner, depth + 1);
  }
  yield `${close}}`;
}
