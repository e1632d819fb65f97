/**
 * Reading input that may wait for ever (stdin from `sleep 20 |`, a named pipe nobody writes to) so that a
 * Ctrl-C can abandon it. Used for the features file and the AWS shared config files.
 */
import { constants, open, stat } from 'node:fs';
import type { Readable } from 'node:stream';

/** True when `path` is a named pipe (FIFO). stat never opens the file, so it cannot block. */
export function isFifo(path: string): Promise<boolean> {
  return new Promise((resolve) => stat(path, (err, info) => resolve(!err && info.isFIFO())));
}

/**
 * Opens a named pipe without waiting for a writer. A plain open() blocks until one comes, inside libuv's thread
 * pool where nothing can cancel it, and at exit libuv joins that thread: the process could not even exit. With
 * O_NONBLOCK the open returns at once; as a socket, the reads wait in the event loop (epoll), where destroying
 * the stream abandons them. A writer that comes later is still read to its end.
 */
export async function openFifo(path: string): Promise<Readable> {
  // Loaded here, not at start-up: only a named pipe needs it.
  const { Socket } = await import('node:net');
  return new Promise((resolve, reject) =>
    open(path, constants.O_RDONLY | constants.O_NONBLOCK, (err, fd) => (err ? reject(err) : resolve(new Socket({ fd, readable: true, writable: false })))),
  );
}

/**
 * Reads `stream` to its end, or to one byte past `maxBytes` (`tooLarge`; the rest is never read). An abort of
 * `signal` destroys the stream and rejects with the signal's reason at once, whatever the stream waits for.
 */
export async function readCapped(stream: Readable, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  if (signal?.aborted) {
    stream.destroy();
    throw signal.reason;
  }
  const abandon = () => stream.destroy();
  signal?.addEventListener('abort', abandon, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      size += bytes.length;
      // Leaving the loop destroys the stream, so the rest is never read or buffered.
      if (size > maxBytes) break;
      chunks.push(bytes);
    }
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw err;
  } finally {
    signal?.removeEventListener('abort', abandon);
  }
  if (signal?.aborted) throw signal.reason;
  return size > maxBytes ? { bytes: Buffer.alloc(0), tooLarge: true } : { bytes: Buffer.concat(chunks, size), tooLarge: false };
}
