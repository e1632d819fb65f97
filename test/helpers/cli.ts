import { Chalk } from 'chalk';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/output/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs gdeks in-process with captured, colourless streams (AWS calls go to aws-sdk-client-mock).
 * `processSignals`: install gdeks' own SIGINT/SIGTERM handlers, as the binary does, instead of a test signal.
 * `onOutput` receives a function returning stdout as written so far (to look at it mid-run).
 */
export async function runCli(
  args: string[],
  options: { signal?: AbortSignal; processSignals?: boolean; onOutput?: (stdoutSoFar: () => string) => void } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const plain = new Chalk({ level: 0 });
  options.onOutput?.(() => stdout);
  const makeIo = (): Io => ({
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    color: plain,
    errColor: plain,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    drain: async () => undefined,
  });
  const signal = options.processSignals ? undefined : (options.signal ?? new AbortController().signal);
  const code = await run(['node', 'gdeks', ...args], signal ? { makeIo, signal } : { makeIo });
  return { code, stdout, stderr };
}
