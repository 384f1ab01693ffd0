/** Parses an RFC 8288 Link header (`<url>; rel="next", <url>; rel="prev"`) into rel → url. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? '');
    if (rel) for (const r of rel[1]!.trim().split(/\s+/)) links[r.toLowerCase()] = m[1]!;
  }
  return links;
}
