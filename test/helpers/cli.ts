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

/**
 * Runs `argv` with -o ndjson and with -o json: the ndjson lines must be exactly the json's `results`, one per
 * line. Returns the parsed lines for further checks.
 */
export async function ndjsonResultsOf(argv: string[]): Promise<Array<Record<string, unknown>>> {
  const nd = await runCli([...argv, '-o', 'ndjson']);
  const json = await runCli([...argv, '-o', 'json']);
  if (nd.code !== 0) throw new Error(`-o ndjson exited ${nd.code}: ${nd.stderr}`);
  const lines = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  if (JSON.stringify(lines) !== JSON.stringify(JSON.parse(json.stdout).results)) {
    throw new Error(`ndjson lines differ from the json results:\n${nd.stdout}\n${json.stdout}`);
  }
  return lines;
}
