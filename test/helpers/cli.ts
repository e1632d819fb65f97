import { Chalk } from 'chalk';
import { run } from '../../src/cli.js';
import type { Io } from '../../src/output/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs gdeks in-process with captured, colourless streams (AWS calls go to aws-sdk-client-mock). */
export async function runCli(args: string[], options: { signal?: AbortSignal } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const plain = new Chalk({ level: 0 });
  const makeIo = (): Io => ({
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    color: plain,
    errColor: plain,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    drain: async () => undefined,
  });
  const code = await run(['node', 'gdeks', ...args], { makeIo, signal: options.signal ?? new AbortController().signal });
  return { code, stdout, stderr };
}
