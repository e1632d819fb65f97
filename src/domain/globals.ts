import { UsageError } from '../errors.js';
import { parseRegion, parseRegionList } from './regions.js';

export type OutputFormat = 'table' | 'json' | 'ndjson';

/** Global options after parsing and validation (see src/program.ts). */
export interface GlobalOptions {
  region?: string;
  regions?: string[];
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

const OUTPUTS: readonly OutputFormat[] = ['table', 'json', 'ndjson'];

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
  return {
    region: raw.region === undefined ? undefined : parseRegion(raw.region),
    regions: raw.regions === undefined ? undefined : parseRegionList(raw.regions),
    profile: raw.profile,
    endpointUrl,
    output: output as OutputFormat,
    noColor: raw.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
    debug: raw.debug === true,
    maxAttempts: raw.maxAttempts === undefined ? undefined : parseCount(raw.maxAttempts, '--max-attempts', 1, 20),
    connectTimeoutMs: raw.connectTimeout === undefined ? undefined : parseSeconds(raw.connectTimeout, '--connect-timeout'),
    readTimeoutMs: raw.readTimeout === undefined ? undefined : parseSeconds(raw.readTimeout, '--read-timeout'),
  };
}

function parseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--endpoint-url: "${value}" is not a URL (expected e.g. https://guardduty.us-east-1.amazonaws.com or http://127.0.0.1:5000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url: "${value}" must start with http:// or https://`);
  }
  return value;
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
