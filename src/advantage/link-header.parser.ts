/**
 * The target of `rel="next"` in an RFC 8288 Link header, resolved against the request URL, or null.
 * NRPS 2.0 §2.4.2 and AGS 2.0 §3.2.4 page through containers this way. Tolerant of several links,
 * several rel values and unquoted rel; ignores anything it cannot parse.
 */
export function nextLink(header: string | null, requestUrl: URL): URL | null {
  if (!header) return null;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const [, target, params] = match;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!values.includes('next')) continue;
    try {
      return new URL(target.trim(), requestUrl);
    } catch {
      return null;
    }
  }
  return null;
}
