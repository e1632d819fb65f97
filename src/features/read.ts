/**
 * Reads a features file the way the AWS CLI names it (path, file://path, or - for stdin), never more than
 * MAX_FEATURES_BYTES: a features file is a few hundred bytes, and a pipe or device must not fill memory.
 */
import { close, open, read } from 'node:fs';
import { homedir } from 'node:os';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';
import { isFifo, openFifo, readCapped } from '../pipe-read.js';
import { parseFeaturesText, positionAt } from './parse.js';
import type { DesiredFeature } from '../domain/features.js';

export const MAX_FEATURES_BYTES = 1024 * 1024;

const STDIN_LABEL = '<stdin>';

/**
 * Line 0 marks a problem with the file as a whole (it cannot be read, it is too large): there is no position
 * to give, so these messages name the file themselves.
 */
const WHOLE_FILE = { line: 0, column: 0 };

function fail(file: string, message: string, hints?: string[], where = WHOLE_FILE): never {
  throw new InputError([{ file, ...where, path: '$', message, ...(hints ? { hints } : {}) }]);
}

/** What is being read, for messages: the features file (`--features`), or another JSON input such as the rules file. */
export interface InputKind {
  /** `features file`, `rules file`. */
  noun: string;
  /** The option that names it, for the "JSON, not a file name" hint: `--features`. */
  option: string;
  /** What it holds, in that hint: `features`, `rules`. */
  contents: string;
  /** A one-line example of the JSON, for the same hint. */
  example: string;
}

export const FEATURES_INPUT: InputKind = {
  noun: 'features file',
  option: '--features',
  contents: 'features',
  example: '[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]',
};

function tooLarge(file: string, kind: InputKind): never {
  return fail(file, `${file} is larger than ${MAX_FEATURES_BYTES / 1024 / 1024} MiB, the size limit for a ${kind.noun}`, [
    `a ${kind.noun} is a short JSON array; check that this is the right file`,
  ]);
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
};

function unreadable(file: string, err: unknown, kind: InputKind): never {
  const code = (err as NodeJS.ErrnoException).code;
  // `--features '[{...}]'`: the JSON itself where a file name belongs (some tools take inline JSON).
  if (code === 'ENOENT' && /^\s*[[{]/.test(file)) {
    const command = kind === FEATURES_INPUT ? 'gdeks enable' : 'gdeks suppress apply';
    throw new UsageError(`the ${kind.contents} argument is JSON, not a file name: gdeks reads ${kind.contents} from a file or stdin`, [
      `pipe the JSON in and pass - as the file:  echo '${kind.example}' | ${command} ${kind.option} -`,
    ]);
  }
  const reason = (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err));
  return fail(file, `cannot read ${file}: ${reason}`);
}

/** Like the AWS CLI: strip `file://` and expand a leading `~` (the shell does not, after a prefix). */
function pathOf(spec: string, kind: InputKind): string {
  const path = spec.startsWith('file://') ? spec.slice('file://'.length) : spec;
  if (path === '') throw new UsageError(`no ${kind.noun} given in "${spec}"`);
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

async function readFileCapped(path: string, kind: InputKind, signal?: AbortSignal): Promise<Buffer> {
  // A named pipe (`mkfifo`, `<(cmd)`) may wait for a writer for ever: read it so that a signal can abandon it.
  if (await isFifo(path)) {
    signal?.throwIfAborted();
    const fifo = await openFifo(path).catch((err: unknown) => unreadable(path, err, kind));
    return readStreamCapped(fifo, path, kind, signal);
  }
  // node:fs's callbacks, not node:fs/promises: loading that module loads readline, file watchers and more of
  // Node, a few per cent of `gdeks validate`'s start-up.
  let fd: number;
  try {
    fd = await new Promise<number>((resolve, reject) => open(path, 'r', (err, opened) => (err ? reject(err) : resolve(opened))));
  } catch (err) {
    return unreadable(path, err, kind);
  }
  try {
    // One byte past the cap tells "exactly at the limit" from "over it" without reading further.
    const buf = Buffer.allocUnsafe(MAX_FEATURES_BYTES + 1);
    let size = 0;
    while (size < buf.length) {
      const bytesRead = await new Promise<number>((resolve, reject) =>
        read(fd, buf, size, buf.length - size, null, (err, n) => (err ? reject(err) : resolve(n))),
      ).catch((err: unknown) => unreadable(path, err, kind));
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    if (size > MAX_FEATURES_BYTES) tooLarge(path, kind);
    return buf.subarray(0, size);
  } finally {
    close(fd, () => undefined);
  }
}

async function readStreamCapped(stream: NodeJS.ReadableStream, file: string, kind: InputKind, signal?: AbortSignal): Promise<Buffer> {
  let read;
  try {
    read = await readCapped(stream as Readable, MAX_FEATURES_BYTES, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    return unreadable(file, err, kind);
  }
  if (read.tooLarge) tooLarge(file, kind);
  return read.bytes;
}

/** Offset of the first byte that is not well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const extra = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    const second = b[i + 1];
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (extra === 0 || second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= extra; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return -1;
}

function decode(bytes: Buffer, file: string): string {
  // UTF-32 first: its little-endian byte-order mark FF FE 00 00 begins with UTF-16's FF FE.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    fail(file, `${file} is UTF-32 encoded; save it as UTF-8`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(file, `${file} is UTF-16 encoded; save it as UTF-8`, ["PowerShell's > writes UTF-16: use Out-File -Encoding utf8"]);
  }
  try {
    // The decoder drops a UTF-8 byte-order mark itself (ignoreBOM defaults to false).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    // Columns do not count a byte-order mark, as everywhere else (the parser sees the text without it).
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && bad >= 3 ? 3 : 0;
    const before = bytes.subarray(bom, bad).toString('utf8');
    const where = positionAt(before, before.length);
    return fail(file, `not valid UTF-8: byte 0x${bytes[bad]?.toString(16).padStart(2, '0') ?? '??'} at byte offset ${bad}`, ['save the file as UTF-8'], where);
  }
}

/** Reads `spec` (a path, `file://path`, or `-` for stdin) as UTF-8 text, bounded by MAX_FEATURES_BYTES. */
export async function readFeaturesSource(
  spec: string,
  stdin?: NodeJS.ReadableStream,
  kind: InputKind = FEATURES_INPUT,
  signal?: AbortSignal,
): Promise<{ file: string; text: string }> {
  // process.stdin is touched only for `-`: merely reading the property sets up a stream, which costs start-up time.
  if (spec === '-') return { file: STDIN_LABEL, text: decode(await readStreamCapped(stdin ?? process.stdin, STDIN_LABEL, kind, signal), STDIN_LABEL) };
  const file = pathOf(spec, kind);
  return { file, text: decode(await readFileCapped(file, kind, signal), file) };
}

/**
 * Read and validate: the features, or an InputError listing every problem. An abort of `signal` (Ctrl-C)
 * abandons a read that waits on stdin or a named pipe and rejects with the signal's reason.
 */
export async function loadFeatures(
  spec: string,
  stdin?: NodeJS.ReadableStream,
  signal?: AbortSignal,
): Promise<{ file: string; features: DesiredFeature[] }> {
  const { file, text } = await readFeaturesSource(spec, stdin, FEATURES_INPUT, signal);
  return { file, features: parseFeaturesText(text, file) };
}
