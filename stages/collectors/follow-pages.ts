import { EaawasError } from '../../pipeline/errors/eaawas-error.js';

/** One page of a paginated AWS listing. */
export interface Page<T> {
  items: T[];
  /** Token of the next page; absent or empty on the last page. */
  nextToken?: string | undefined;
}

/** Upper bound on pages of one listing, so a service that keeps returning tokens cannot loop forever. */
export const MAX_PAGES = 10_000;

/**
 * Fetches pages until one comes without a NextToken and returns all items in page order. Empty
 * pages that still carry a token are followed, as AWS may return them.
 * @throws EaawasError (AWS_CALL_FAILED) when the listing exceeds `maxPages` or repeats a token, and
 *   whatever `fetchPage` throws.
 */
export async function followPages<T>(
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
  maxPages: number = MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await fetchPage(nextToken);
    items.push(...result.items);
    if (result.nextToken === undefined || result.nextToken === '') {
      return items;
    }
    if (seenTokens.has(result.nextToken)) {
      throw new EaawasError(
        'AWS_CALL_FAILED',
        `A paginated AWS listing returned the token of an earlier page again.`,
      );
    }
    seenTokens.add(result.nextToken);
    nextToken = result.nextToken;
  }
  throw new EaawasError('AWS_CALL_FAILED', `A paginated AWS listing returned more than ${maxPages} pages.`);
}
