// The one AWS Account Management operation gdeks calls (ListRegions, for `--regions all`), served beside GuardDuty
// so that `--endpoint-url` reaches it as it reaches the GuardDuty routes. URI, wire names and errors follow the
// botocore model (account 2021-02-01, rest-json): POST /listRegions, MaxResults 1..50, NextToken,
// RegionOptStatusContains; ValidationException and AccessDeniedException as API Gateway sends them.

import { ACCOUNT_ID } from './clusters.js';
import type { TemplateRoute } from './extra-routes.js';
import { ApiError } from './errors.js';
import { paginate } from './paginate.js';
import type { ServerState } from './state.js';
import { optInt, optList, optString, type JsonObject } from './validate.js';

export type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';
const STATUSES: readonly RegionOptStatus[] = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

export interface AccountOptions {
  /**
   * The account's regions and their opt-in status, in the order ListRegions lists them. Default: the regions
   * enabled by default in a new account, and a few opt-in ones left DISABLED.
   */
  regions?: ReadonlyArray<{ name: string; status: RegionOptStatus }>;
  /** ListRegions answers 403 AccessDeniedException (a caller without account:ListRegions). */
  denyListRegions?: boolean;
}

const DEFAULT_ENABLED = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'sa-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];
const DEFAULT_OPT_IN = ['af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1'];

export const DEFAULT_ACCOUNT_REGIONS: ReadonlyArray<{ name: string; status: RegionOptStatus }> = [
  ...DEFAULT_ENABLED.map((name) => ({ name, status: 'ENABLED_BY_DEFAULT' as const })),
  ...DEFAULT_OPT_IN.map((name) => ({ name, status: 'DISABLED' as const })),
];

const accounts = new WeakMap<ServerState, AccountOptions>();

/** Sets the account's regions (and whether ListRegions is denied) for a running server's state. */
export function configureAccount(state: ServerState, options: AccountOptions): void {
  accounts.set(state, options);
}

/** API Gateway's error form: the name in x-amzn-ErrorType, the message in the body. */
function validation(message: string): ApiError {
  return new ApiError(400, 'ValidationException', message);
}

export const ACCOUNT_ROUTES: readonly TemplateRoute[] = [
  {
    operation: 'ListRegions',
    method: 'POST',
    uri: '/listRegions',
    members: ['AccountId', 'MaxResults', 'NextToken', 'RegionOptStatusContains'],
    handle(ctx) {
      const options = accounts.get(ctx.state) ?? {};
      if (options.denyListRegions) {
        throw new ApiError(403, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT_ID}:user/ci is not authorized to perform: account:ListRegions`);
      }
      const b = ctx.body;
      const accountId = optString(b, 'AccountId');
      if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw validation('Invalid AccountId');
      if (accountId !== undefined && accountId === ACCOUNT_ID) {
        throw validation("The management account can't specify its own AccountId");
      }
      let maxResults: number | undefined;
      try {
        maxResults = optInt(b, 'MaxResults', 1, 50);
      } catch {
        throw validation('MaxResults must be between 1 and 50');
      }
      const filter = (optList(b, 'RegionOptStatusContains', 0, 5) ?? []).map((s) => {
        if (typeof s !== 'string' || !(STATUSES as readonly string[]).includes(s)) throw validation(`Invalid RegionOptStatus: ${String(s)}`);
        return s as RegionOptStatus;
      });
      const all = options.regions ?? DEFAULT_ACCOUNT_REGIONS;
      const listed = filter.length === 0 ? all : all.filter((r) => filter.includes(r.status));
      const page = paginate(listed, maxResults ?? 20, optString(b, 'NextToken') ?? undefined, `ListRegions/${filter.join(',')}`);
      const out: JsonObject = { Regions: page.items.map((r) => ({ RegionName: r.name, RegionOptStatus: r.status })) };
      if (page.nextToken) out.NextToken = page.nextToken;
      return out;
    },
  },
];
