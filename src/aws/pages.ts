import { AwsError } from '../errors.js';
import { checkShape, type ShapedOperation } from './response-shape.js';

/**
 * Pages in a row that carry no new item but still a next token before a listing is judged endless. Real
 * services can return a few empty pages (filtering happens after paging); a hundred in a row do not end.
 */
export const MAX_EMPTY_PAGES = 100;

/**
 * Stops a listing that cannot end: a next token seen before (botocore's paginators stop on a repeated token
 * too), or MAX_EMPTY_PAGES pages in a row without a new item. Without it a broken endpoint kept gdeks
 * paging at full speed until it was killed.
 */
export class PageGuard {
  private readonly tokens = new Set<string>();
  private emptyRun = 0;

  constructor(
    private readonly operation: string,
    private readonly region: string,
  ) {}

  /** Call with each page's next token and how many new items it brought; throws when paging must stop. */
  next(token: string | null | undefined, newItems: number): void {
    if (token === undefined || token === null || token === '') return;
    if (this.tokens.has(token)) {
      this.fail(`returned a page token it had already returned after ${this.tokens.size} pages`);
    }
    this.tokens.add(token);
    this.emptyRun = newItems > 0 ? 0 : this.emptyRun + 1;
    if (this.emptyRun >= MAX_EMPTY_PAGES) this.fail(`returned ${this.emptyRun} pages in a row with nothing new on them and still a next token`);
  }

  private fail(what: string): never {
    throw new AwsError(`${this.operation} in ${this.region} ${what}; stopped paging, as the listing would never end`, {
      code: 'PaginationLoop',
      region: this.region,
      operation: this.operation,
    });
  }
}

/**
 * The pages of an SDK paginator, each checked for its shape (src/aws/response-shape.ts) and against
 * PageGuard before the next one is asked for.
 */
export async function* checkedPages<P>(
  operation: ShapedOperation,
  region: string,
  pages: AsyncIterable<P>,
  paging: { token: (page: P) => string | null | undefined; items: (page: P) => number },
): AsyncGenerator<P> {
  const guard = new PageGuard(operation, region);
  for await (const page of pages) {
    checkShape(operation, region, page);
    yield page;
    guard.next(paging.token(page), paging.items(page));
  }
}
