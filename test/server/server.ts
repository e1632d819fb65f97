// A small GuardDuty-compatible HTTP server (rest-json) for end-to-end tests, benchmarks and demos.
// Plain node:http: the region comes from the SigV4 credential scope, so one server can stand in for many
// regions; faults (latency, 429, 500, failing or hanging regions) are injected from a seeded PRNG.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kindFor } from './catalog.js';
import { DEFAULT_CLUSTERS, type ClusterSpec } from './clusters.js';
import { ApiError, internalError, throttled, unknownOperation } from './errors.js';
import { FaultInjector, Mangler, type Faults, type Mangle } from './faults.js';
import { configureAccount, type AccountOptions } from './account.js';
import { configureOrganization, type OrganizationOptions } from './org.js';
import { matchRoute } from './routes.js';
import { ServerState, type DetectorSeed } from './state.js';
import { configureUsage, type UsageOptions } from './usage.js';
import { onlyMembers, parseBody } from './validate.js';

export type { ClusterSpec, CoverageSpec } from './clusters.js';
export type { Faults, Mangle, MangleCall } from './faults.js';
export type { DetectorSeed } from './state.js';
export type { UsageOptions } from './usage.js';
export type { AccountOptions } from './account.js';
export { ServerState } from './state.js';

export interface ServerOptions extends Partial<Faults> {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PRNG seed for data and faults (default 1). Same seed, same findings. */
  seed?: number;
  /** EKS findings seeded per region (default 60). */
  findings?: number;
  /** Non-EKS findings seeded per region (default max(3, findings / 10)). */
  otherFindings?: number;
  /** Findings are spread over the 30 days before this instant (default: now). */
  baseTime?: Date | number | string;
  /** Seed a detector in every region (default true: EKS_AUDIT_LOGS and EKS_RUNTIME_MONITORING DISABLED). */
  detector?: boolean | DetectorSeed;
  /** Act as a member account of this administrator account id. */
  memberOf?: string;
  /** Act as the organization's delegated administrator or management account (same as configureOrganization). */
  organization?: OrganizationOptions;
  /** GetUsageStatistics / GetRemainingFreeTrialDays settings (usage.ts); the detector's age is `detector: { ageDays }`. */
  usage?: UsageOptions;
  /** EKS clusters per region (default prod-eu, payments, staging, ml-batch). */
  clusters?: ClusterSpec[];
  /** The account's regions for the Account API's ListRegions (`--regions all`), or that it is denied (account.ts). */
  account?: AccountOptions;
  /** Clock for mutation timestamps (default Date.now). */
  clock?: () => number;
  /** Called with one line per request (region, operation, status, duration). */
  log?: (line: string) => void;
  /** Rewrites or delays successful answers (a hostile or broken server); see setMangle. */
  mangle?: Mangle;
  /**
   * Text a hostile service slips into what a client prints: appended to every finding's title and runtime process
   * path and to every error message (e.g. "\n" plus a fake row, or U+202E). Cluster names come from `clusters`.
   */
  hostile?: string;
  /** Sent as every response's x-amzn-RequestId instead of a fresh UUID (latin-1, as any HTTP header value). */
  requestId?: string;
}

export interface ServerStats {
  requests: number;
  byOperation: Record<string, number>;
  throttled: number;
  errors5xx: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  state: ServerState;
  stats: ServerStats;
  setFaults(f: Partial<Faults>): void;
  /** Replaces the mangle hook (undefined: answer normally again). */
  setMangle(m: Mangle | undefined): void;
  /** New findings in `region`, created now (the server's clock): one per type given (see FindingStore.addFindings). */
  addFindings(region: string, types: readonly string[], options?: { severity?: number }): string[];
  /** Findings in `region` that occurred again now: count + 1, updatedAt now. */
  recurFindings(region: string, ids: readonly string[]): void;
}

const DEFAULT_REGION = 'us-east-1';

/** Region from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/guardduty/aws4_request, ...`. */
/** An HTTP server on a loopback port (0: any free one); a request whose handler throws loses its connection. */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { port?: number; host?: string },
): Promise<{ server: Server; port: number; url: string }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { server, port, url: `http://${host}:${port}` };
}

/** A JSON answer as AWS's REST-JSON services send one: request id always, error type on errors. */
export function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string, requestId: string = randomUUID()): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
  };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers).end(payload);
}

export function regionFromAuthorization(header: string | undefined): string {
  const m = header ? /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(header) : null;
  return m?.[1] ?? DEFAULT_REGION;
}

function toMs(t: Date | number | string | undefined): number {
  if (t === undefined) return Date.now();
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (Number.isNaN(ms)) throw new RangeError(`invalid baseTime: ${String(t)}`);
  return ms;
}

export async function startGuardDutyServer(options: ServerOptions = {}): Promise<RunningServer> {
  const seed = options.seed ?? 1;
  const findings = options.findings ?? 60;
  const state = new ServerState({
    seed,
    eksFindings: findings,
    otherFindings: options.otherFindings ?? Math.max(3, Math.round(findings / 10)),
    baseTime: toMs(options.baseTime),
    clusters: options.clusters ?? DEFAULT_CLUSTERS,
    detector: options.detector === false ? false : options.detector === true || options.detector === undefined ? {} : options.detector,
    ...(options.memberOf !== undefined ? { memberOf: options.memberOf } : {}),
    ...(options.hostile !== undefined ? { hostile: options.hostile } : {}),
    clock: options.clock ?? Date.now,
  });
  if (options.organization) configureOrganization(state, options.organization);
  if (options.usage) configureUsage(state, options.usage);
  if (options.account) configureAccount(state, options.account);
  const faultInit: Partial<Faults> = {};
  for (const key of ['latencyMs', 'jitterMs', 'throttleRate', 'errorRate', 'failRegions', 'failMode'] as const) {
    if (options[key] !== undefined) (faultInit as Record<string, unknown>)[key] = options[key];
  }
  const faults = new FaultInjector(seed, faultInit);
  const stats: ServerStats = { requests: 0, byOperation: {}, throttled: 0, errors5xx: 0 };
  const hanging = new Set<ServerResponse>();
  let closed = false;

  const mangler = new Mangler();
  mangler.hook = options.mangle;
  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string): void => {
    if (closed) return;
    const message = errorType !== undefined && options.hostile !== undefined ? (body as { message?: unknown }).message : undefined;
    const answer = typeof message === 'string' ? { ...(body as object), message: message + options.hostile } : body;
    sendJson(res, status, answer, errorType, options.requestId);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    stats.requests++;
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const region = regionFromAuthorization(req.headers.authorization);
    const match = matchRoute(method, url.pathname);
    const operation = match?.route.operation ?? 'Unknown';
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;

    const decision = faults.decide(region);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    let status = 200;
    try {
      if (decision.outcome === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        status = 0;
        return;
      }
      if (decision.outcome === 'throttle') throw throttled();
      if (decision.outcome === 'error') throw internalError();
      if (!match) throw unknownOperation(method, url.pathname);
      const body = parseBody(raw);
      onlyMembers(body, match.route.members, '');
      const route = match.route;
      const answer = () => route.handle({ state, region: state.region(region), detectorId: match.detectorId, query: url.searchParams, body });
      send(res, 200, await mangler.answer(region, operation, body, answer));
    } catch (e) {
      const err = e instanceof ApiError ? e : internalError();
      if (!(e instanceof ApiError)) options.log?.(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      status = err.status;
      if (err.status === 429) stats.throttled++;
      if (err.status >= 500) stats.errors5xx++;
      send(res, err.status, err.body(), err.errorType);
    } finally {
      options.log?.(`${region} ${operation} ${status === 0 ? 'hang' : status} ${Date.now() - started}ms`);
    }
  };

  const { server, port, url } = await listen(handle, options);

  return {
    url,
    port,
    state,
    stats,
    setFaults: (f) => faults.set(f),
    setMangle: (m) => (mangler.hook = m),
    addFindings: (region, types, opts) => state.region(region).findings().addFindings(types.map(kindFor), state.now(), opts),
    recurFindings: (region, ids) => state.region(region).findings().recur(ids, state.now()),
    close: () =>
      new Promise<void>((resolve, reject) => {
        closed = true;
        for (const res of hanging) res.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
