/**
 * Strings from AWS (finding titles, cluster names, tags, error messages) and from input files can carry terminal
 * escape sequences, line breaks and bidi overrides; printed raw they would let whoever names a pod repaint the
 * user's terminal, start a fake row at column 0, or reorder what a line appears to say.
 */
// C0 controls (tab and newline included: a field is one cell or one line), DEL and C1; the bidi controls (ALM,
// LRM, RLM, LRE..RLO, LRI..PDI); the line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * What is left once JSON.stringify has escaped C0 (it leaves DEL, C1, bidi and the separators raw). These occur
 * only inside JSON strings, where `\uXXXX` is the same string to JSON.parse; our own text never uses them.
 */
const INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function sanitize(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * The last filter on everything written to stdout and stderr (see io.ts): the JSON formats' only one (so they stay
 * valid JSON that round-trips to the same strings), and a second line of defence for text, whose line breaks and
 * colour codes are ours and so are escaped earlier, value by value (sanitizeDeep).
 */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/**
 * A copy of `value` with every string in it sanitized, however deep: a text renderer calls this once on what it is
 * given, so a field it starts showing later is escaped too. Dates are kept; Maps, Sets and objects keep their kind and
 * prototype; an Error becomes a plain object with its name, message and own fields, without its cause (which can
 * be a whole HTTP response).
 */
export function sanitizeDeep<T>(value: T): T {
  return deep(value, new WeakMap()) as T;
}

function deep(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return sanitize(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (value instanceof Error) {
    const copy: Record<string, unknown> = { name: value.name, message: sanitize(value.message) };
    seen.set(value, copy);
    // Its own fields (an AwsError's code, region, details), but not what it wraps: a cause or an SDK `$response`.
    for (const [k, v] of Object.entries(value)) if (k !== 'cause' && !k.startsWith('$')) copy[k] = deep(v, seen);
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const v of value) copy.push(deep(v, seen));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(deep(k, seen), deep(v, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const v of value) copy.add(deep(v, seen));
    return copy;
  }
  // Same prototype, so a view's class (or a null-prototype record) keeps its methods and shape.
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, copy);
  for (const [k, v] of Object.entries(value)) copy[sanitize(k)] = deep(v, seen);
  return copy;
}
