/**
 * JSON.stringify(value, null, indent) in pieces of about PIECE_CHARS characters, the same text once joined: for
 * a document too large to hold whole (status --organization: every member of every region), whose one string,
 * and the bytes it became on write, were most of the peak memory. Arrays and plain objects down to
 * EXPANDED_DEPTH are laid out here; anything deeper (one member, say) is JSON.stringify'd and indented to fit.
 */

const PIECE_CHARS = 64 * 1024;
const EXPANDED_DEPTH = 4;

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

function* layout(value: unknown, indent: number, at: string, depth: number): Generator<string> {
  const expand = depth < EXPANDED_DEPTH && (Array.isArray(value) || isPlainObject(value));
  if (!expand) {
    const text = JSON.stringify(value, null, indent);
    yield indent > 0 && at !== '' ? text.replaceAll('\n', `\n${at}`) : text;
    return;
  }
  const inner = at + ' '.repeat(indent);
  const open = indent > 0 ? `\n${inner}` : '';
  const close = indent > 0 ? `\n${at}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? open : `,${open}`;
      const v: unknown = value[i];
      if (omitted(v)) yield 'null';
      else yield* layout(v, indent, inner, depth + 1);
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
