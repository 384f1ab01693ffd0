import type { SearchPage } from './search';

type Cursor = NonNullable<SearchPage['next']>;

function pageUrl(base: string, rawQuery: string, cursor: Cursor, limit: number): string {
  const params = new URLSearchParams(rawQuery);
  params.delete('lastId');
  params.delete('offset');
  if ('lastId' in cursor) params.set('lastId', String(cursor.lastId));
  else params.set('offset', String(cursor.offset));
  params.set('limit', String(limit));
  return `${base}/properties?${params.toString()}`;
}

/** `<…>; rel="prev", <…>; rel="next"` keeping every original parameter; null when single page. */
export function linkHeader(base: string, rawQuery: string, page: SearchPage, limit: number): string | null {
  const links: string[] = [];
  if (page.prev) links.push(`<${pageUrl(base, rawQuery, page.prev, limit)}>; rel="prev"`);
  if (page.next) links.push(`<${pageUrl(base, rawQuery, page.next, limit)}>; rel="next"`);
  return links.length > 0 ? links.join(', ') : null;
}
