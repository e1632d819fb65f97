import { setMaxListeners } from 'node:events';
import { ExitCode, exitCodeOf, GdeksError, InputError, InterruptedError, problemCount, type StopSignal } from './errors.js';
import { formatProblem } from './features/format.js';
import { processIo, type Io } from './output/io.js';
import { redact } from './text/redact.js';
import { sanitize } from './text/sanitize.js';


/**
 * True in dist/validate.js: this file built again for `gdeks validate FILE` alone (scripts/build.mjs), where the
 * branch that loads commander is cut out. Offline checks in CI run that form on every commit.
 */
declare const __GDEKS_VALIDATE_ONLY__: boolean | undefined;

/**
 * The file of `gdeks validate FILE` typed exactly so (no option, FILE not starting with `-`), else undefined.
 * bin/gdeks.js runs dist/validate.js for the same argv; any other form, `validate -o json FILE` or `validate -`
 * included, goes through commander.
 */
export function directValidateFile(argv: readonly string[]): string | undefined {
  const [, , command, file] = argv;
  return argv.length === 4 && command === 'validate' && file !== undefined && !file.startsWith('-') ? file : undefined;
}

export interface RunDeps {
  /** Streams for tests; defaults to the process's. */
  makeIo?: (noColor: boolean) => Io;
  /** An external abort (tests); by default SIGINT/SIGTERM/SIGHUP abort the run. */
  signal?: AbortSignal;
}

/**
 * The process boundary: parses argv, runs one command, and maps every error to an exit code (README, "Exit codes"):
 * 0 ok, 1 AWS/runtime, 2 usage/input, 3 condition met, 130/143/129 interrupted. Nothing else calls process.exit.
 */
export async function run(argv: readonly string[], deps: RunDeps = {}): Promise<number> {
  const makeIo = deps.makeIo ?? ((noColor: boolean) => processIo(noColor));
  const controller = new AbortController();
  // Every in-flight SDK call listens on this signal (its retry wait and its HTTP request each add a listener and
  // remove it when done); --regions runs a dozen or more calls at once, and Node's default of 10 then printed a
  // MaxListenersExceededWarning ("possible memory leak") on stderr in the middle of a normal run.
  setMaxListeners(0, controller.signal);
  let interrupted: StopSignal | undefined;
  const finishers: Array<() => void> = [];
  const onSignal = (signal: StopSignal) => {
    // A second Ctrl-C means "now": do not wait for in-flight requests to unwind, but still close what was
    // opened on stdout (the JSON array's `]`).
    if (interrupted) {
      for (const finish of finishers.splice(0)) {
        try {
          finish();
        } catch {
          // Exiting anyway: a reader that went away must not turn "quit now" into a crash.
        }
      }
      exitAfterFlush(signal);
      return;
    }
    interrupted = signal;
    controller.abort(new InterruptedError(signal));
  };
  const sigint = () => onSignal('SIGINT');
  const sigterm = () => onSignal('SIGTERM');
  // A closed terminal or SSH session (SIGHUP) is a stop like SIGTERM: without a handler Node died at once,
  // printing nothing of what a write run had already changed.
  const sighup = () => onSignal('SIGHUP');
  if (!deps.signal) {
    process.on('SIGINT', sigint);
    process.on('SIGTERM', sigterm);
    process.on('SIGHUP', sighup);
  } else {
    deps.signal.addEventListener('abort', () => controller.abort(deps.signal?.reason), { once: true });
  }

  let exitCode: number = ExitCode.ok;
  const debug = argv.includes('--debug');
  const errIo = makeIo(argv.includes('--no-color'));
  const onForcedExit = (finish: () => void) => void finishers.push(finish);
  try {
    const file = directValidateFile(argv);
    if (file !== undefined) {
      // What the validate command's action does for this argv (src/program.ts), without commander: no option
      // was given, so every global has its default.
      const [{ runValidate }, { resolveGlobals }] = await Promise.all([import('./commands/validate.js'), import('./domain/globals.js')]);
      const globals = resolveGlobals({});
      exitCode = await runValidate({ globals, io: makeIo(globals.noColor), signal: controller.signal, onForcedExit }, file);
    } else if (typeof __GDEKS_VALIDATE_ONLY__ === 'boolean' && __GDEKS_VALIDATE_ONLY__) {
      throw new Error('this build answers only `gdeks validate FILE` (bin/gdeks.js sends everything else to dist/cli.js)');
    } else {
      const { buildProgram } = await import('./program.js');
      const program = buildProgram({
        makeIo,
        signal: controller.signal,
        onForcedExit,
        setExitCode: (c) => (exitCode = c),
        writeOut: (s) => errIo.out(s),
        // commander's own parse errors quote the argument as typed (an unknown option, a surplus argument).
        writeErr: (s) => errIo.err(s.split('\n').map(safe).join('\n')),
      });
      await program.parseAsync(argv as string[]);
    }
  } catch (e) {
    exitCode = reportError(e, errIo, debug);
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
    process.off('SIGHUP', sighup);
  }
  if (interrupted && exitCode !== ExitCode.usage) exitCode = exitCodeOf(interrupted);
  return exitCode;
}

/**
 * Ends the process for a signal once what is queued for stdout has been written. On Linux, writes to a pipe are
 * asynchronous and process.exit drops whatever is still queued (half a JSON array, when the reader lags); the
 * write callback runs after everything queued before it. A reader that has stopped reading gets a second.
 */
export function exitAfterFlush(signal: StopSignal): void {
  const exit = () => {
    clearTimeout(timer);
    process.exit(exitCodeOf(signal));
  };
  const timer = setTimeout(exit, 1000);
  process.stdout.write('', exit);
}

/**
 * stdout could not be written (a full disk, an I/O error): the output is incomplete, so the run failed. One
 * line on stderr and exit 1, wherever the command was; an uncaught error printed a stack trace. A reader that
 * went away (EPIPE) is not this: bin/gdeks.js ends that run quietly.
 */
export function exitOnOutputError(e: NodeJS.ErrnoException): never {
  // "ENOSPC: no space left on device, write" → "no space left on device (ENOSPC)".
  const reason = /^[A-Z0-9_]+: (.+?)(, \w+)?$/.exec(e.message)?.[1] ?? e.message;
  try {
    process.stderr.write(`error: cannot write to stdout: ${reason}${e.code ? ` (${e.code})` : ''}\n`);
  } catch {
    // Nowhere left to say it; the exit code still does.
  }
  process.exit(ExitCode.failure);
}

/** Prints an error the way a user should see it (one clear message, a stack only with --debug). */
function reportError(e: unknown, io: Io, debug: boolean): number {
  // A stack's first line is the message, from whatever raised it: each line is sanitized, the breaks between them kept.
  const lines = (text: string) => text.split('\n').map(sanitize).join('\n');
  const red = io.errColor.red;
  if (isCommanderError(e)) {
    // commander has already printed its message (and help, for --help / --version).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
    // Help shown because no command was given (`gdeks`, `gdeks findings`): on stderr, as an error, so exit 2.
    if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    // gh's habit; gdeks has one -o option for every format.
    const format = /unknown option '--(json|ndjson)'/.exec(e.message)?.[1];
    if (e.code === 'commander.unknownOption' && format) io.err(`hint: use -o ${format} (--output ${format})\n`);
    if (e.code === 'commander.executeSubCommandAsync' || e.exitCode === 0) return e.exitCode;
    return ExitCode.usage;
  }
  if (e instanceof InputError) {
    for (const u of e.usage) {
      io.err(`${red('error:')} ${safe(u.message)}\n`);
      for (const line of u.details) io.err(`  ${safe(line)}\n`);
    }
    for (const p of e.problems) {
      const [first, ...rest] = formatProblem(p);
      io.err(`${red('error:')} ${safe(first ?? '')}\n`);
      for (const line of rest) io.err(`${safe(line)}\n`);
    }
    const count = e.usage.length + problemCount(e.problems);
    if (count > 1) io.err(`${count.toLocaleString('en-US')} problems; nothing was sent to AWS.\n`);
    else io.err('Nothing was sent to AWS.\n');
    return e.exitCode;
  }
  if (e instanceof GdeksError) {
    if (!(e instanceof InterruptedError)) io.err(`${red('error:')} ${safe(e.message)}\n`);
    for (const line of e.details) io.err(`  ${safe(line)}\n`);
    if (debug && e.cause instanceof Error && e.cause.stack) io.err(`${lines(redact(e.cause.stack))}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`${red('internal error:')} ${safe(err.message)}\n`);
  io.err(debug ? `${lines(redact(err.stack ?? ''))}\n` : 'This is a bug in gdeks: run again with --debug for the stack trace and please report it.\n');
  return ExitCode.failure;
}

/**
 * Error text echoes what the user typed, a file's contents and the environment: a value with escape bytes must
 * not repaint the terminal, and a secret key pasted into a features file or an endpoint URL must not reach a CI
 * log. Applied to every line printed here, whichever code raised it.
 */
function safe(line: string): string {
  return redact(sanitize(line));
}

/** Recognised by its code rather than by instanceof, so that `--version` does not have to load commander. */
function isCommanderError(e: unknown): e is Error & { code: string; exitCode: number } {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}
