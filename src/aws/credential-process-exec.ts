/**
 * The `exec` the SDK's credential_process provider runs the profile's command with (scripts/build.mjs points
 * that package's `node:child_process` here). Node's exec waits as long as the command does: a credential_process
 * that hung (a helper waiting for a login that never comes) kept gdeks running, through SIGTERM, for as long
 * as it lasted. This one gives up after CREDENTIAL_PROCESS_TIMEOUT_MS, stops the command at once when gdeks is
 * interrupted, and starts none after that. Only the promisified form is provided: it is the one the SDK uses.
 */
import { exec as nodeExec, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/** Long enough for a helper that asks for an MFA code on the terminal; a hung one fails instead of waiting for ever. */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;

let interrupted = false;
let listening = false;
const running = new Set<(message: string) => void>();

function onSignal(): void {
  interrupted = true;
  for (const stop of running) stop('credential_process stopped: gdeks was interrupted');
}

/**
 * The command runs under `/bin/sh -c`, which may fork it rather than exec it: killing the shell alone would
 * leave the command running. On Linux, /proc lists each process's children; elsewhere only the shell is known.
 */
function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return children.flatMap((child) => [...descendants(child), child]);
  } catch {
    return [];
  }
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined) return;
  for (const pid of [...descendants(child.pid), child.pid]) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/** Runs `command` as child_process.exec does, within `timeoutMs`; SIGINT or SIGTERM stop it at once. */
export function execBounded(command: string, timeoutMs = CREDENTIAL_PROCESS_TIMEOUT_MS): Promise<{ stdout: string; stderr: string }> {
  if (!listening) {
    listening = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  if (interrupted) return Promise.reject(new Error('credential_process not started: gdeks was interrupted'));
  return new Promise((resolve, reject) => {
    const child = nodeExec(command, { encoding: 'utf8' }, (err, stdout, stderr) => {
      done();
      // exec's message names the command and its stderr but not its exit code, which says why as often.
      if (err && typeof err.code === 'number') err.message = err.message.replace(/^(Command failed: [^\n]*)/, `$1 (exit code ${err.code})`);
      if (err) reject(err);
      else resolve({ stdout, stderr });
    });
    // Close its pipes too: a process the command started may hold them open, and an open pipe keeps gdeks alive.
    const stop = (message: string) => {
      done();
      kill(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
      reject(new Error(message));
    };
    const timer = setTimeout(() => stop(`credential_process did not finish within ${timeoutMs / 1000} s: ${command}`), timeoutMs);
    running.add(stop);
    function done() {
      clearTimeout(timer);
      running.delete(stop);
    }
  });
}
function exec(_command: string): never {
  throw new Error('gdeks runs credential_process only through the promisified exec');
}
(exec as unknown as Record<symbol, unknown>)[promisify.custom] = (command: string) => execBounded(command);

export { exec };
