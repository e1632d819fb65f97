// Opaque NextToken pagination. The token carries the offset and a hash of the query it belongs to, so a
// garbled token or one replayed with different filters is a 400, as on the real service.

import { badRequest } from './errors.js';
import { hashString } from './prng.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginate<T>(items: readonly T[], maxResults: number, nextToken: string | undefined, scope: string): Page<T> {
  const start = nextToken === undefined || nextToken === '' ? 0 : decodeToken(nextToken, scope);
  const end = start + maxResults;
  const page: Page<T> = { items: items.slice(start, end) };
  if (end < items.length) page.nextToken = encodeToken(end, scope);
  return page;
}

function encodeToken(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: hashString(scope) })).toString('base64url');
}

function decodeToken(token: string, scope: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { o, q } = parsed as { o?: unknown; q?: unknown };
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && q === hashString(scope)) return o;
    }
  } catch {
    // fall through to the 400
  }
  throw badRequest('The request is rejected because the input nextToken is invalid.');
}
