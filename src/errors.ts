/**
 * Typed errors. Each carries its exit code (README, "Exit codes"; ExitCode below); src/cli.ts is the only place that turns them into
 * a process exit code and prints them.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  condition: 3,
  /** SIGINT (Ctrl-C): 128 + 2. */
  interrupted: 130,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
  /** SIGHUP (the terminal or SSH session closed): 128 + 1. */
  hangup: 129,
} as const;

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The exit code of a run ended by a signal. */
export function exitCodeOf(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : signal === 'SIGHUP' ? ExitCode.hangup : ExitCode.terminated;
}

export class GdeksError extends Error {
  readonly exitCode: number;
  /** Extra lines printed under the message (hints, corrected examples). */
  readonly details: readonly string[];
  constructor(message: string, exitCode: number, options: { cause?: unknown; details?: readonly string[] } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.details = options.details ?? [];
  }
}

/** Bad flags or arguments. Raised before any AWS call. */
export class UsageError extends GdeksError {
  constructor(message: string, details?: readonly string[]) {
    super(message, ExitCode.usage, { details });
  }
}

/** One located problem in an input file (file:line:column, JSON path, found, allowed). */
export interface Problem {
  file: string;
  line: number;
  column: number;
  /** JSON path such as `$[0].AdditionalConfiguration[1].Name`. */
  path: string;
  message: string;
  /** Extra lines: a "did you mean", a corrected example. */
  hints?: string[];
}

/**
 * An input file with one or more problems, and any bad flags found in the same run (`usage`): bad input is
 * reported all at once, so one run shows everything to fix. Raised before any AWS call.
 */
export class InputError extends GdeksError {
  readonly problems: readonly Problem[];
  /** Flag and argument problems, printed before the file's. */
  readonly usage: readonly UsageError[];
  constructor(problems: readonly Problem[], usage: readonly UsageError[] = []) {
    const first = problems[0];
    const count = problems.length + usage.length;
    super(
      count === 1 && first ? `${first.file}: invalid features file` : count === 1 && usage[0] ? usage[0].message : `${first?.file ?? 'input'}: ${count} problems`,
      ExitCode.usage,
    );
    this.problems = problems;
    this.usage = usage;
  }
}

/** An AWS call failed (after the SDK's retries), or the account is in a state gdeks cannot act on. */
export class AwsError extends GdeksError {
  readonly code: string;
  readonly region?: string;
  readonly operation?: string;
  constructor(
    message: string,
    init: { code: string; region?: string; operation?: string; cause?: unknown; details?: readonly string[] },
  ) {
    super(message, ExitCode.failure, { cause: init.cause, details: init.details });
    this.code = init.code;
    this.region = init.region;
    this.operation = init.operation;
  }
}

/** The run was interrupted (SIGINT/SIGTERM/SIGHUP); what was printed so far is well-formed. */
export class InterruptedError extends GdeksError {
  constructor(signal: StopSignal) {
    super(`interrupted (${signal})`, exitCodeOf(signal));
  }
}

export function isGdeksError(e: unknown): e is GdeksError {
  return e instanceof GdeksError;
}
