import type { ErrorDefinition } from './error-definition';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The small page a person in front of an LMS sees when a login or launch fails. */
export function renderErrorPage(code: string, definition: ErrorDefinition, requestId: string): string {
  const hint = definition.hint ? `<p>${escapeHtml(definition.hint)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>LTI tool error: ${escapeHtml(code)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}.muted{color:#666;font-size:.9rem}</style></head>
<body><h1>This tool could not be opened</h1>
<p>${escapeHtml(definition.message)}</p>${hint}
<p class="muted">Error code <code>${escapeHtml(code)}</code> · request id <code>${escapeHtml(requestId)}</code></p>
</body></html>`;
}
