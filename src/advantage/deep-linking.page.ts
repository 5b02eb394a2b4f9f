import { createHash } from 'node:crypto';
import { escapeHtml } from '../common/errors/error-page';

/** CSP source for an inline script of fixed text: its SHA-256 (CSP Level 2 hash source). */
function hashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}label{display:block;margin:.6rem 0}input,select{font:inherit;width:100%}';

const AUTO_SUBMIT_SCRIPT = "document.getElementById('lti-dl-return').submit();";

/**
 * The policy for a page that only posts to the platform: no sources at all except the one inline
 * script (by hash), forms only to the return URL's origin, framable by the LMS (it runs in its iframe).
 */
export function autoSubmitCsp(returnUrl: URL): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(AUTO_SUBMIT_SCRIPT)}`,
    "style-src 'unsafe-inline'",
    `form-action ${returnUrl.origin}`,
    "base-uri 'none'",
    'frame-ancestors *',
  ].join('; ');
}

/**
 * The page that delivers an LtiDeepLinkingResponse (Deep Linking 2.0 §4.2): a form POSTing the
 * JWT as field `JWT` to deep_link_return_url, submitted by a hashed inline script, with a button
 * for browsers without script. Every dynamic value is escaped; the CSP is repeated in a meta tag
 * so the page keeps it when a front end writes it into a new document.
 */
export function renderAutoSubmitPage(returnUrl: URL, jwt: string): string {
  const csp = autoSubmitCsp(returnUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer"><title>Returning to the course\u2026</title><style>${STYLE}</style></head>
<body><form id="lti-dl-return" method="post" action="${escapeHtml(returnUrl.href)}">
<input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<noscript><p>Your selection is ready.</p><button type="submit">Return to the course</button></noscript>
</form><script>${AUTO_SUBMIT_SCRIPT}</script></body></html>`;
}

/** The picker's script: posts the choice with the launch bearer, then delivers the signed JWT. */
const PICKER_SCRIPT = `(function(){
var f=document.getElementById('picker'),out=document.getElementById('status'),launch=f.getAttribute('data-launch');
function deliver(r){var d=document.createElement('form');d.method='post';d.action=r.returnUrl;
var i=document.createElement('input');i.type='hidden';i.name='JWT';i.value=r.jwt;d.appendChild(i);document.body.appendChild(d);d.submit();}
function send(body){out.textContent='Sending\\u2026';
fetch('deep-linking-response',{method:'POST',headers:{'content-type':'application/json',accept:'application/json',authorization:'Bearer '+launch},body:JSON.stringify(body)})
.then(function(res){return res.json().then(function(j){if(!res.ok){out.textContent=j.error.code+': '+j.error.message;return;}deliver(j);});})
.catch(function(){out.textContent='The tool could not be reached; try again.';});}
f.addEventListener('submit',function(e){e.preventDefault();var t=f.elements.type.value,item={type:t,title:f.elements.title.value};
if(f.elements.text.value)item.text=f.elements.text.value;if(t==='link')item.url=f.elements.url.value;send({contentItems:[item]});});
document.getElementById('cancel').addEventListener('click',function(){send({contentItems:[],message:'Nothing was selected.'});});
})();`;

export function pickerCsp(returnUrl: URL): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(PICKER_SCRIPT)}`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    `form-action ${returnUrl.origin}`,
    "base-uri 'none'",
    'frame-ancestors *',
  ].join('; ');
}

/** The item types this minimal picker can build. */
export const PICKER_TYPES = ['ltiResourceLink', 'link'] as const;

export interface PickerOptions {
  launchId: string;
  acceptTypes: string[];
  title?: string;
  text?: string;
}

/**
 * A minimal content picker for LtiDeepLinkingRequest launches: one item (a link back into this
 * tool, or a web link), or "nothing". It calls POST deep-linking-response with the launch bearer.
 */
export function renderPickerPage(options: PickerOptions): string {
  const types = PICKER_TYPES.filter((type) => options.acceptTypes.includes(type));
  const choices = types
    .map((type) => `<option value="${type}">${type === 'link' ? 'Web link' : 'Activity in this tool'}</option>`)
    .join('');
  const form = types.length
    ? `<label>Kind <select name="type">${choices}</select></label>
<label>Title <input name="title" required maxlength="255" value="${escapeHtml(options.title ?? '')}"></label>
<label>Description <input name="text" maxlength="1024" value="${escapeHtml(options.text ?? '')}"></label>
${types.includes('link') ? '<label>URL (web links) <input name="url" type="url" maxlength="2048"></label>' : ''}
<button type="submit">Add to course</button>`
    : '<p>The platform accepts no item type this tool can create here.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Choose content</title><style>${STYLE}</style></head>
<body><h1>Choose content</h1><form id="picker" data-launch="${escapeHtml(options.launchId)}">${form}
<button type="button" id="cancel">Cancel</button></form><p id="status" role="status"></p>
<script>${PICKER_SCRIPT}</script></body></html>`;
}
