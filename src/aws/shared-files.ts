import { externalDataInterceptor, getHomeDir } from '@smithy/core/config';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { isFifo, openFifo, readCapped } from '../pipe-read.js';
import { MAX_SHARED_FILE_BYTES } from './profile.js';

/** The shared config and credentials files, where the SDK looks for them (its own rules, `~/` included). */
function sharedFilePaths(env: NodeJS.ProcessEnv): Array<{ path: string; name: string }> {
  const home = getHomeDir();
  const expand = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p);
  return [
    { path: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')), name: env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : 'the shared config file' },
    {
      path: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
      name: env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : 'the shared credentials file',
    },
  ];
}

/**
 * A shared file that is a named pipe (`AWS_CONFIG_FILE=<(vault-tool export)`, a FIFO nobody writes to) is read
 * here, before any AWS call, so that a signal can abandon the wait: the SDK's own read opens it in libuv's
 * thread pool, where an open() waiting for a writer can be neither cancelled nor left behind at exit (the
 * process survived every Ctrl-C). The SDK then takes the contents from its interceptor instead of the file.
 * Regular files are left to the SDK.
 */
export async function readSharedFilesFromPipes(signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const record = externalDataInterceptor.getFileRecord();
  await Promise.all(
    sharedFilePaths(env).map(async ({ path, name }) => {
      if (record[path] !== undefined || !(await isFifo(path))) return;
      signal.throwIfAborted();
      // One the SDK could not open either: it treats that as no file, so do the same.
      const stream = await openFifo(path).catch(() => undefined);
      if (!stream) return;
      const { bytes, tooLarge } = await readCapped(stream, MAX_SHARED_FILE_BYTES, signal);
      // The limit regular files get (assertSharedFilesBounded); a pipe that never ends must not fill memory either.
      if (tooLarge) throw new UsageError(`${name}: ${path} is larger than ${MAX_SHARED_FILE_BYTES / 1024 / 1024} MiB; gdeks reads AWS config and credentials files up to ${MAX_SHARED_FILE_BYTES / 1024 / 1024} MiB`);
      externalDataInterceptor.interceptFile(path, bytes.toString('utf8'));
    }),
  );
}
