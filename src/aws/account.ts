import { paginateListRegions, type AccountClient } from '@aws-sdk/client-account';
import { isRegionName } from '../domain/regions.js';
import { AwsError } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { createAccountClient } from './clients.js';
import { callAws } from './errors.js';
import { checkedPages } from './pages.js';
import type { AccountPort } from './ports.js';
import type { AwsSettings } from './settings.js';

/** What `--regions all` means: regions the account may use, opted in or on by default. */
const ENABLED = ['ENABLED', 'ENABLED_BY_DEFAULT'] as const;

const WAY_AROUND = 'Or name the regions instead: --regions us-east-1,eu-west-1 (no account:ListRegions needed).';

/**
 * The Account Management adapter (the AccountPort of src/aws/ports.ts). Its SDK client is imported only by this
 * file, which src/aws/region.ts loads on demand: commands without `--regions all` never load it.
 */
export class Account implements AccountPort {
  readonly #client: AccountClient;

  constructor(
    client: AccountClient,
    /** The client's region: only picks the partition's global endpoint. */
    private readonly region: string,
    private readonly signal?: AbortSignal,
    private readonly profile?: string,
  ) {
    this.#client = client;
  }

  static async open(settings: AwsSettings, region: string, signal?: AbortSignal): Promise<Account> {
    return new Account(await createAccountClient(settings, region), region, signal, settings.profile);
  }

  async listEnabledRegions(): Promise<string[]> {
    const site = { service: 'account' as const, operation: 'ListRegions', region: this.region, profile: this.profile };
    let names: string[];
    try {
      names = await callAws(site, this.signal, async (options) => {
        const out: string[] = [];
        const pages = paginateListRegions({ client: this.#client, pageSize: 50 }, { RegionOptStatusContains: [...ENABLED] }, options);
        for await (const page of checkedPages('ListRegions', this.region, pages, { token: (p) => p.NextToken, items: (p) => p.Regions?.length ?? 0 })) {
          for (const r of page.Regions ?? []) {
            // Filtered by the request already; checked again so a proxy or emulator that ignores the filter
            // cannot add a disabled region (every call there would fail).
            if (r.RegionOptStatus && !(ENABLED as readonly string[]).includes(r.RegionOptStatus)) continue;
            out.push(this.regionName(r.RegionName));
          }
        }
        return out;
      });
    } catch (e) {
      throw explain(e);
    }
    if (names.length === 0) {
      throw new AwsError(`--regions all: ListRegions in ${this.region} listed no enabled region`, {
        code: 'NoEnabledRegions',
        region: this.region,
        operation: 'ListRegions',
        details: [WAY_AROUND],
      });
    }
    return [...new Set(names)];
  }

  private regionName(name: string | null | undefined): string {
    // A name the SDK would refuse for every later call is a malformed answer, not a region.
    if (typeof name === 'string' && isRegionName(name)) return name;
    throw new AwsError(`ListRegions in ${this.region} returned a malformed answer: a region named ${JSON.stringify(sanitize(String(name ?? 'nothing')))}`, {
      code: 'MalformedResponse',
      region: this.region,
      operation: 'ListRegions',
      details: ['The answer does not have the shape of the AWS API; check --endpoint-url / AWS_ENDPOINT_URL* and any proxy in between.'],
    });
  }
}

/** A denied or unanswerable ListRegions says which permission `--regions all` needs, and how to do without it. */
function explain(e: unknown): unknown {
  if (!(e instanceof AwsError)) return e;
  if (e.code === 'AccessDenied') {
    return new AwsError(`--regions all: the caller may not list the account's regions: access denied to account:ListRegions`, {
      code: 'AccessDenied',
      region: e.region,
      operation: 'ListRegions',
      cause: e,
      // e's detail already reads "Grant account:ListRegions (see the IAM policy in the README). AWS said: ...".
      details: [...e.details, WAY_AROUND],
    });
  }
  if (e.code === 'UnsupportedOperation') {
    return new AwsError(`--regions all: ${e.message}`, { code: e.code, region: e.region, operation: 'ListRegions', cause: e, details: [...e.details, WAY_AROUND] });
  }
  return e;
}
