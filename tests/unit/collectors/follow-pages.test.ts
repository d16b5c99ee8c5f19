import { describe, expect, it } from '@jest/globals';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { followPages, type Page } from '../../../stages/collectors/follow-pages.js';

function pagesFrom(pages: Array<Page<number>>): {
  fetch: (token: string | undefined) => Promise<Page<number>>;
  tokens: Array<string | undefined>;
} {
  const tokens: Array<string | undefined> = [];
  let index = 0;
  return {
    tokens,
    fetch: (token) => {
      tokens.push(token);
      const page = pages[index];
      index += 1;
      if (page === undefined) {
        throw new Error('fetched past the last page');
      }
      return Promise.resolve(page);
    },
  };
}

describe('followPages', () => {
  it('follows empty pages that carry a token', async () => {
    const source = pagesFrom([
      { items: [1, 2], nextToken: 'a' },
      { items: [], nextToken: 'b' },
      { items: [], nextToken: 'c' },
      { items: [3] },
    ]);

    const items = await followPages(source.fetch);

    expect(items).toEqual([1, 2, 3]);
    expect(source.tokens).toEqual([undefined, 'a', 'b', 'c']);
  });

  it('stops at an empty-string token', async () => {
    const source = pagesFrom([{ items: [1], nextToken: '' }]);

    expect(await followPages(source.fetch)).toEqual([1]);
  });

  it('rejects a repeated token', async () => {
    const source = pagesFrom([
      { items: [1], nextToken: 'a' },
      { items: [2], nextToken: 'a' },
    ]);

    await expect(followPages(source.fetch)).rejects.toBeInstanceOf(EaawasError);
  });

  it('rejects more pages than the limit', async () => {
    const endless = (token: string | undefined): Promise<Page<number>> =>
      Promise.resolve({ items: [], nextToken: `${Number(token ?? 0) + 1}` });

    await expect(followPages(endless, 5)).rejects.toThrow('more than 5 pages');
  });
});
