import { createHash } from 'node:crypto';
import { autoSubmitCsp, pickerCsp, renderAutoSubmitPage, renderPickerPage } from './deep-linking.page';

function inlineScript(html: string): string {
  return /<script>([\s\S]*?)<\/script>/.exec(html)![1];
}

function hashOf(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

describe('deep linking pages', () => {
  const returnUrl = new URL('https://lms.example/deep_links?a=1&b="2"');

  it('the auto-submit page escapes the URL and JWT, and its CSP allows exactly its script and the return origin', () => {
    const html = renderAutoSubmitPage(returnUrl, 'a.b.c"><script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('action="https://lms.example/deep_links?a=1&#38;b=%222%22"');
    expect(html).toContain('name="JWT"');
    expect(html).toContain('<noscript>');
    const csp = autoSubmitCsp(returnUrl);
    expect(csp).toContain(`script-src ${hashOf(inlineScript(html))}`);
    expect(csp).toContain('form-action https://lms.example;');
    expect(csp).toContain("default-src 'none'");
  });

  it('the picker offers only accepted types it can build, escapes platform text, and its CSP hash matches its script', () => {
    const html = renderPickerPage({ launchId: 'abc"def', acceptTypes: ['link', 'file'], title: '<b>Pick</b>' });
    expect(html).toContain('value="link"');
    expect(html).not.toContain('value="ltiResourceLink"');
    expect(html).toContain('&#60;b&#62;Pick');
    expect(html).toContain('data-launch="abc&#34;def"');
    expect(pickerCsp(returnUrl)).toContain(`script-src ${hashOf(inlineScript(html))}`);
    expect(pickerCsp(returnUrl)).toContain("connect-src 'self'");
  });

  it('the picker says so when nothing it can build is accepted, still offering cancel', () => {
    const html = renderPickerPage({ launchId: 'x', acceptTypes: ['file'] });
    expect(html).not.toContain('<select');
    expect(html).toContain('id="cancel"');
  });
});
