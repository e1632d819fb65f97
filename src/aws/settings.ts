import type { Ctx, GlobalOptions } from '../commands/context.js';

/** Everything a client needs besides its region; built once per run, never mutated. */
export interface AwsSettings {
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly maxAttempts?: number;
  readonly connectTimeoutMs?: number;
  readonly readTimeoutMs?: number;
  /** Receives one line per HTTP attempt when --debug is on. */
  readonly debugLog?: (line: string) => void;
}

export function awsSettings(globals: GlobalOptions, debugLog?: (line: string) => void): AwsSettings {
  return {
    profile: globals.profile,
    endpointUrl: globals.endpointUrl,
    maxAttempts: globals.maxAttempts,
    connectTimeoutMs: globals.connectTimeoutMs,
    readTimeoutMs: globals.readTimeoutMs,
    debugLog: globals.debug ? debugLog : undefined,
  };
}

/** The settings of a command's run; --debug lines go to stderr, dimmed. */
export function settingsFor(ctx: Ctx): AwsSettings {
  const { io } = ctx;
  return awsSettings(ctx.globals, (line) => io.err(`${io.errColor.dim(`[debug] ${line}`)}\n`));
}
