import type { GlobalOptions } from '../domain/globals.js';

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
