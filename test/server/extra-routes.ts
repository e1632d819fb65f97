// Routes matched by the model's URI template rather than the core table's fixed suffix: they need path
// parameters beyond the detector id ({DestinationId}, {FilterName}) or live outside /detector (/admin, and the
// Account API's /listRegions of account.ts). routes.ts
// `matchRoute` consults this table first.

import { ACCOUNT_ROUTES } from './account.js';
import { DESTINATION_ROUTES } from './destinations.js';
import { FILTER_ROUTES } from './filters.js';
import { ORG_ROUTES } from './org.js';
import type { RequestContext, Route } from './routes.js';
import { USAGE_ROUTES } from './usage.js';
import type { JsonObject } from './validate.js';

export interface TemplateRoute {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** The model's requestUri without its query part, e.g. /detector/{DetectorId}/publishingDestination/{DestinationId}. */
  uri: string;
  /** Body members the operation models (wire names); anything else is a 400. */
  members: readonly string[];
  handle(ctx: RequestContext, params: Readonly<Record<string, string>>): JsonObject;
}

/** GuardDuty's template routes (org-model.test.ts checks each against the GuardDuty model). */
export const EXTRA_ROUTES: readonly TemplateRoute[] = [...ORG_ROUTES, ...DESTINATION_ROUTES, ...FILTER_ROUTES, ...USAGE_ROUTES];

// The Account API's ListRegions is matched here too (account-model.test.ts checks it against the account model).
const compiled = [...EXTRA_ROUTES, ...ACCOUNT_ROUTES].map((route) => {
  const names: string[] = [];
  const source = route.uri.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, pattern: new RegExp(`^${source}/?$`) };
});

/** The template route for a method and path, bound to its path parameters. */
export function matchExtraRoute(method: string, path: string): { route: Route; detectorId: string | undefined } | undefined {
  for (const { route, names, pattern } of compiled) {
    if (route.method !== method) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
    } catch {
      return undefined;
    }
    const bound: Route = {
      operation: route.operation,
      method: route.method,
      suffix: null,
      members: route.members,
      handle: (ctx) => route.handle(ctx, params),
    };
    return { route: bound, detectorId: params.DetectorId };
  }
  return undefined;
}
