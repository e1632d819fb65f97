// A small EKS-compatible HTTP server (rest-json, plain node:http) for the operations `gdeks status` calls:
// ListClusters, DescribeCluster, ListAddons, DescribeAddon, ListFargateProfiles, ListNodegroups. It serves the
// same ClusterSpec list as the GuardDuty test server, so a cluster's coverage (there) and its add-on (here)
// agree. moto has EKS clusters but no add-ons and no latency; this one has both, for `npm run bench status`.
// Route it with AWS_ENDPOINT_URL_EKS while AWS_ENDPOINT_URL_GUARDDUTY points at the GuardDuty server.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCOUNT_ID, type ClusterSpec } from './clusters.js';
import { ApiError } from './errors.js';
import { FaultInjector, Mangler, type Faults, type Mangle } from './faults.js';
import { paginate } from './paginate.js';
import { listen, regionFromAuthorization, sendJson } from './server.js';
import type { JsonObject } from './validate.js';

export const ADDON_NAME = 'aws-guardduty-agent';

export interface EksClusterSpec extends ClusterSpec {
  /**
   * The `aws-guardduty-agent` add-on as EKS reports it; `false` = not installed. By default it follows the
   * GuardDuty coverage spec: installed (ACTIVE, or the coverage's addonStatus) when that has an addonVersion.
   */
  addon?: { status?: string; version?: string; issues?: Array<{ code: string; message: string }> } | false;
  /** Default: none. A cluster with Fargate profiles and no node group is "Fargate only". */
  fargateProfiles?: string[];
  /** Default: ['ng-default'], or none when the cluster has Fargate profiles. */
  nodegroups?: string[];
  autoMode?: boolean;
  status?: string;
}

export interface EksServerOptions extends Partial<Pick<Faults, 'latencyMs' | 'jitterMs' | 'throttleRate' | 'errorRate'>> {
  port?: number;
  host?: string;
  seed?: number;
  /** Clusters per region (every region gets the same list). */
  clusters: readonly EksClusterSpec[];
  log?: (line: string) => void;
  /** Rewrites or delays successful answers, as the GuardDuty server's `mangle`. */
  mangle?: Mangle;
}

export interface RunningEksServer {
  url: string;
  close(): Promise<void>;
  stats: { requests: number; byOperation: Record<string, number> };
  setMangle(m: Mangle | undefined): void;
}

/** `n` clusters named `<prefix>-0000`... for benchmarks: healthy, auto-managed, with the add-on installed. */
export function manyClusters(n: number, prefix = 'cluster'): EksClusterSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${String(i).padStart(4, '0')}` }));
}

const notFound = (message: string) => new ApiError(404, 'ResourceNotFoundException', message);
const invalid = (message: string) => new ApiError(400, 'InvalidParameterException', message);

function addonOf(spec: EksClusterSpec): JsonObject | undefined {
  const explicit = spec.addon;
  if (explicit === false) return undefined;
  const cov = spec.coverage === false ? undefined : spec.coverage;
  // With no coverage spec at all the GuardDuty server reports the add-on installed and healthy; agree with it.
  const installed = explicit !== undefined || spec.coverage === undefined || cov?.addonVersion !== undefined;
  if (!installed) return undefined;
  const issues = explicit?.issues ?? [];
  return {
    addonName: ADDON_NAME,
    clusterName: spec.name,
    status: explicit?.status ?? (cov?.addonStatus === 'DEGRADED' ? 'DEGRADED' : 'ACTIVE'),
    addonVersion: explicit?.version ?? cov?.addonVersion ?? 'v1.10.0-eksbuild.2',
    health: { issues: issues.map((i) => ({ code: i.code, message: i.message, resourceIds: [] })) },
    addonArn: `arn:aws:eks:us-east-1:${ACCOUNT_ID}:addon/${spec.name}/${ADDON_NAME}/00000000-0000-0000-0000-000000000000`,
    createdAt: 1_767_225_600,
    modifiedAt: 1_767_225_600,
    tags: {},
  };
}

function maxResults(query: URLSearchParams, max: number): number {
  const raw = query.get('maxResults');
  if (raw === null) return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid(`maxResults must be between 1 and ${max}`);
  return n;
}

/** EKS says InvalidParameterException, not GuardDuty's BadRequestException, for a bad token. */
function page<T>(items: readonly T[], query: URLSearchParams, max: number, scope: string): { items: T[]; nextToken?: string } {
  try {
    return paginate(items, maxResults(query, max), query.get('nextToken') ?? undefined, scope);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && e.errorType !== 'InvalidParameterException') throw invalid('The nextToken is invalid.');
    throw e;
  }
}

type Handler = (region: string, query: URLSearchParams, params: string[]) => JsonObject;

export async function startEksServer(options: EksServerOptions): Promise<RunningEksServer> {
  const byName = new Map(options.clusters.map((c) => [c.name, c]));
  const names = options.clusters.map((c) => c.name);
  const cluster = (name: string | undefined): EksClusterSpec => {
    const c = name === undefined ? undefined : byName.get(name);
    if (!c) throw notFound(`No cluster found for name: ${name}.`);
    return c;
  };
  const fargate = (c: EksClusterSpec) => c.fargateProfiles ?? [];
  const nodegroups = (c: EksClusterSpec) => c.nodegroups ?? (fargate(c).length > 0 ? [] : ['ng-default']);

  const routes: Array<{ operation: string; pattern: RegExp; handle: Handler }> = [
    {
      operation: 'ListClusters',
      pattern: /^\/clusters\/?$/,
      handle: (region, query) => {
        const p = page(names, query, 100, `ListClusters/${region}`);
        return { clusters: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
      },
    },
    {
      operation: 'DescribeCluster',
      pattern: /^\/clusters\/([^/]+)$/,
      handle: (region, _q, [name]) => {
        const c = cluster(name);
        return {
          cluster: {
            name: c.name,
            arn: `arn:aws:eks:${region}:${ACCOUNT_ID}:cluster/${c.name}`,
            createdAt: 1_767_225_600,
            version: '1.33',
            status: c.status ?? 'ACTIVE',
            tags: c.tags ?? {},
            ...(c.autoMode ? { computeConfig: { enabled: true, nodePools: ['general-purpose', 'system'] } } : {}),
          },
        };
      },
    },
    {
      operation: 'ListAddons',
      pattern: /^\/clusters\/([^/]+)\/addons\/?$/,
      handle: (region, query, [name]) => {
        const c = cluster(name);
        const p = page(addonOf(c) ? [ADDON_NAME] : [], query, 100, `ListAddons/${region}/${c.name}`);
        return { addons: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
      },
    },
    {
      operation: 'DescribeAddon',
      pattern: /^\/clusters\/([^/]+)\/addons\/([^/]+)$/,
      handle: (_region, _q, [name, addonName]) => {
        const addon = addonName === ADDON_NAME ? addonOf(cluster(name)) : undefined;
        if (!addon) throw notFound(`No addon: ${addonName} found in cluster: ${name}`);
        return { addon };
      },
    },
    {
      operation: 'ListFargateProfiles',
      pattern: /^\/clusters\/([^/]+)\/fargate-profiles\/?$/,
      handle: (region, query, [name]) => {
        const c = cluster(name);
        const p = page(fargate(c), query, 100, `ListFargateProfiles/${region}/${c.name}`);
        return { fargateProfileNames: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
      },
    },
    {
      operation: 'ListNodegroups',
      pattern: /^\/clusters\/([^/]+)\/node-groups\/?$/,
      handle: (region, query, [name]) => {
        const c = cluster(name);
        const p = page(nodegroups(c), query, 100, `ListNodegroups/${region}/${c.name}`);
        return { nodegroups: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
      },
    },
  ];

  const faults = new FaultInjector(options.seed ?? 1, {
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    throttleRate: options.throttleRate ?? 0,
    errorRate: options.errorRate ?? 0,
  });
  const stats = { requests: 0, byOperation: {} as Record<string, number> };


  const mangler = new Mangler();
  mangler.hook = options.mangle;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    req.resume(); // every operation here is a GET without a body
    const url = new URL(req.url ?? '/', 'http://localhost');
    const region = regionFromAuthorization(req.headers.authorization);
    let params: string[] = [];
    const route = req.method === 'GET'
      ? routes.find((r) => {
          const m = r.pattern.exec(url.pathname);
          if (m) params = m.slice(1).map((p) => decodeURIComponent(p));
          return m !== null;
        })
      : undefined;
    const operation = route?.operation ?? 'Unknown';
    stats.requests++;
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    const decision = faults.decide(region);
    if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
    let status = 200;
    try {
      if (decision.outcome === 'throttle') throw new ApiError(429, 'ThrottlingException', 'Rate exceeded');
      if (decision.outcome === 'error') throw new ApiError(500, 'ServerException', 'An internal error occurred.');
      if (!route) throw new ApiError(404, 'UnknownOperationException', `No EKS operation matches ${req.method} ${url.pathname} (or the gdeks test server does not implement it).`);
      const found = route;
      const answer = () => found.handle(region, url.searchParams, params);
      sendJson(res, 200, await mangler.answer(region, operation, { query: Object.fromEntries(url.searchParams), params }, answer));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'ServerException', 'An internal error occurred.');
      status = err.status;
      sendJson(res, err.status, { message: err.message }, err.errorType);
    } finally {
      options.log?.(`eks ${region} ${operation} ${status} ${Date.now() - started}ms`);
    }
  };

  const { server, url } = await listen(handle, options);
  return {
    url,
    stats,
    setMangle: (m) => (mangler.hook = m),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
