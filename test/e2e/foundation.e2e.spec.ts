import { startTestApp, type TestApp } from '../support/test-app';

describe('service foundation over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  it('GET /health is 200 when the database answers', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('an unknown route is 404 ROUTE_NOT_FOUND with a request id in body and header', async () => {
    const res = await fetch(`${t.url}/no/such/route`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('keeps a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc');
    const replaced = await fetch(`${t.url}/health`, { headers: { 'x-request-id': '<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('malformed JSON is 400 MALFORMED_JSON without echoing the body', async () => {
    const res = await fetch(`${t.url}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"secret": "eyJhbGciOi',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('MALFORMED_JSON');
    expect(text).not.toContain('eyJhbGciOi');
  });

  it('a body over BODY_LIMIT_BYTES is 413 REQUEST_TOO_LARGE', async () => {
    const res = await fetch(`${t.url}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REQUEST_TOO_LARGE');
  });

  it('a browser under /lti gets a small escaped HTML error page', async () => {
    const res = await fetch(`${t.url}/lti/<img src=x>`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('ROUTE_NOT_FOUND');
    expect(html).not.toContain('<img src=x>');
  });

  it('serves an OpenAPI description at /docs', async () => {
    const res = await fetch(`${t.url}/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/health');
  });
});
