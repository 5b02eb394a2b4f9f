import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../common/errors/error-page';

/**
 * Tool pages run inside LMS iframes: any ancestor may frame them, nothing else is allowed (no
 * script, no external resources, no form targets), and every dynamic value is escaped.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

export { escapeHtml };

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;word-break:break-all}' +
  'dt{font-weight:600;margin-top:.6rem}dd{margin:0}.muted{color:#666;font-size:.9rem}' +
  'table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}';

/** A complete page; `title` is escaped here, `body` must already be escaped HTML. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** A definition list of label/value pairs, every value escaped and shown as code. */
export function definitionList(entries: [string, string][]): string {
  const items = entries.map(
    ([label, value]) => `<dt>${escapeHtml(label)}</dt><dd><code>${escapeHtml(value)}</code></dd>`,
  );
  return `<dl>${items.join('')}</dl>`;
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}
