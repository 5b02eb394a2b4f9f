import { AppError } from '../common/errors/app.error';
import type { Page } from './platform-service.client';
import { isWithin, parsePlatformUrl } from './platform-url';

/** At most this many platform pages per request to us; the rest is offered as `nextPage`. */
export const MAX_PAGES = 20;

export interface Collected<T> {
  items: T[];
  /** The platform's next page when we stopped early (limit or page bound), else null. */
  next: URL | null;
}

/**
 * Follows rel="next" links (NRPS 2.0 §2.4.2, AGS 2.0 §3.2.4) from `first`, until the platform has
 * no more pages, `limit` items are collected, or MAX_PAGES pages were read.
 */
export async function collectPages<T>(
  first: URL,
  fetchPage: (url: URL) => Promise<Page>,
  extract: (body: unknown) => T[],
  limit?: number,
): Promise<Collected<T>> {
  const items: T[] = [];
  let url: URL | null = first;
  for (let pages = 0; url && pages < MAX_PAGES; pages++) {
    const page = await fetchPage(url);
    items.push(...extract(page.body));
    url = page.next;
    if (limit !== undefined && items.length >= limit) break;
  }
  return { items, next: url };
}

/** A `page` cursor handed back by a client must stay within the endpoint it pages through. */
export function resolvePage(page: string | undefined, base: URL, allowInsecure: boolean): URL {
  if (page === undefined) return base;
  let url: URL | undefined;
  try {
    url = parsePlatformUrl(page, allowInsecure, 'page');
  } catch {
    url = undefined;
  }
  if (!url || !isWithin(url, base)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'page', messages: ['page must be a nextPage value returned by this endpoint'] }],
    });
  }
  return url;
}
