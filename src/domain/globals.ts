import { UsageError } from '../errors.js';
import { wordList } from '../text/word-list.js';
import { isAllRegions, parseRegion, parseRegionList } from './regions.js';

export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv' | 'markdown';

/** Global options after parsing and validation (see src/program.ts). */
export interface GlobalOptions {
  region?: string;
  regions?: string[];
  /** `--regions all`: the regions come from the account (Account ListRegions) when the command runs. */
  allRegions?: boolean;
  profile?: string;
  endpointUrl?: string;
  output: OutputFormat;
  noColor: boolean;
  debug: boolean;
  maxAttempts?: number;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

/** Raw global option values as commander hands them over. */
export interface RawGlobals {
  region?: string;
  regions?: string;
  profile?: string;
  endpointUrl?: string;
  output?: string;
  color?: boolean;
  debug?: boolean;
  maxAttempts?: string;
  connectTimeout?: string;
  readTimeout?: string;
}

const OUTPUTS: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv', 'markdown'];
/** The formats `-o` takes (each command takes some of them: see assertFormat). */
export const OUTPUT_FORMATS: readonly OutputFormat[] = OUTPUTS;

/** What every command prints; a command that offers csv or markdown too says so in src/program.ts. */
export const BASIC_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson'];

/**
 * Refuses an -o format the command cannot print (a usage error, exit 2, before any AWS call), naming the ones it
 * can: `export-frequency cannot print csv; use table, json or ndjson`.
 */
export function assertFormat(command: string, format: OutputFormat, supported: readonly OutputFormat[] = BASIC_FORMATS): void {
  if (supported.includes(format)) return;
  throw new UsageError(`${command} cannot print ${format}; use ${wordList(supported)}`);
}

/**
 * The most attempts per call --max-attempts and AWS_MAX_ATTEMPTS may ask for: with the 5 s cap on backoff, 20
 * attempts of a throttled call wait at most about 75 s; AWS_MAX_ATTEMPTS=1000000000 retried without end.
 */
export const MAX_ATTEMPTS_LIMIT = 20;

/** The retry modes the AWS SDKs and the AWS CLI know (the JavaScript SDK treats legacy as standard). */
const RETRY_MODES = ['standard', 'adaptive', 'legacy'];

/**
 * The retry settings gdeks takes from the environment, checked like the flags (usage error, exit 2, naming the
 * variable) for commands that call AWS: AWS_MAX_ATTEMPTS applies unless --max-attempts was given.
 */
export function resolveRetryEnv(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): GlobalOptions {
  const mode = env.AWS_RETRY_MODE;
  if (mode !== undefined && mode !== '' && !RETRY_MODES.includes(mode)) {
    throw new UsageError(`AWS_RETRY_MODE: "${mode}" is not a retry mode; use one of ${RETRY_MODES.join(', ')}, or unset it`);
  }
  const fromEnv = env.AWS_MAX_ATTEMPTS;
  if (globals.maxAttempts !== undefined || fromEnv === undefined || fromEnv === '') return globals;
  return { ...globals, maxAttempts: parseCount(fromEnv, 'AWS_MAX_ATTEMPTS', 1, MAX_ATTEMPTS_LIMIT) };
}

/** Validates the global options; every problem is a usage error raised before any AWS call. */
export function resolveGlobals(raw: RawGlobals, env: NodeJS.ProcessEnv = process.env): GlobalOptions {
  const output = (raw.output ?? 'table').toLowerCase();
  if (!OUTPUTS.includes(output as OutputFormat)) {
    throw new UsageError(`--output: "${raw.output}" is not a format; use one of ${OUTPUTS.join(', ')}`);
  }
  if (raw.region !== undefined && raw.regions !== undefined) {
    throw new UsageError('use either --region or --regions, not both');
  }
  const endpointUrl = raw.endpointUrl === undefined ? undefined : parseEndpoint(raw.endpointUrl);
  const allRegions = raw.regions !== undefined && isAllRegions(raw.regions);
  return {
    region: raw.region === undefined ? undefined : parseRegion(raw.region),
    regions: raw.regions === undefined || allRegions ? undefined : parseRegionList(raw.regions),
    ...(allRegions ? { allRegions } : {}),
    profile: raw.profile,
    endpointUrl,
    output: output as OutputFormat,
    noColor: raw.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
    debug: raw.debug === true,
    maxAttempts: raw.maxAttempts === undefined ? undefined : parseCount(raw.maxAttempts, '--max-attempts', 1, MAX_ATTEMPTS_LIMIT),
    connectTimeoutMs: raw.connectTimeout === undefined ? undefined : parseSeconds(raw.connectTimeout, '--connect-timeout'),
    readTimeoutMs: raw.readTimeout === undefined ? undefined : parseSeconds(raw.readTimeout, '--read-timeout'),
  };
}

function parseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--endpoint-url: "${withoutUserinfo(value)}" is not a URL (expected e.g. https://guardduty.us-east-1.amazonaws.com or http://127.0.0.1:5000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url: "${withoutUserinfo(value)}" must start with http:// or https://`);
  }
  return value;
}

/** A URL as typed, with any `user:password@` (up to its last `@`) replaced: an error must not print a password. */
function withoutUserinfo(value: string): string {
  const m = /^((?:[^/]*\/\/)?)(.*)@([^@]*)$/s.exec(value);
  return m ? `${m[1]}(credentials hidden)@${m[3]}` : value;
}

function parseCount(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag}: "${value}" must be a whole number from ${min} to ${max}`);
  return n;
}

/** Seconds as the AWS CLI's --cli-connect-timeout takes them; 0 means no timeout. */
function parseSeconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600 || value.trim() === '') throw new UsageError(`${flag}: "${value}" must be a number of seconds from 0 to 3600`);
  return Math.round(n * 1000);
}
