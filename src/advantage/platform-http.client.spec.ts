import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';
import { codeOf } from '../../test/support/advantage.assertions';
import { PlatformHttpClient, type PlatformRequest } from './platform-http.client';

/** A real local server whose answer each test chooses; it counts requests per path. */
describe('PlatformHttpClient (timeouts, bounded retries, no redirects)', () => {
  let server: Server;
  let base: string;
  let handler: (response: ServerResponse, hit: number, body: string) => void;
  let hits: number;
  let bodies: string[];
  let client: PlatformHttpClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        hits += 1;
        bodies.push(body);
        handler(response, hits, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  function clientWithTimeout(timeoutMs: number): PlatformHttpClient {
    const config = Object.assign(new AppConfig(), {
      PLATFORM_REQUEST_TIMEOUT_MS: timeoutMs,
      PLATFORM_REQUEST_RETRIES: 2,
    });
    const created = new PlatformHttpClient(config, new JsonLogger('error', () => undefined));
    created.backoffBaseMs = 1;
    return created;
  }

  beforeEach(() => {
    hits = 0;
    bodies = [];
    // Generous: only the timeout case relies on the timeout (the machine may be busy).
    client = clientWithTimeout(5000);
  });

  const request = (overrides: Partial<PlatformRequest> = {}): PlatformRequest => ({
    operation: 'test',
    method: 'GET',
    url: new URL(`${base}/x`),
    retryable: true,
    ...overrides,
  });

  it('returns 2xx and 4xx answers as they are, without retrying 4xx', async () => {
    handler = (response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"e":1}');
    const answer = await client.send(request());
    expect(answer).toMatchObject({ status: 404, text: '{"e":1}' });
    expect(hits).toBe(1);
  });

  it('retries 5xx up to PLATFORM_REQUEST_RETRIES, then PLATFORM_UNAVAILABLE', async () => {
    handler = (response) => response.writeHead(502).end();
    expect(await codeOf(() => client.send(request()))).toBe('PLATFORM_UNAVAILABLE');
    expect(hits).toBe(3);
  });

  it('a transient 5xx is absorbed by a retry', async () => {
    handler = (response, hit) => (hit === 1 ? response.writeHead(500).end() : response.writeHead(200).end('ok'));
    expect((await client.send(request())).text).toBe('ok');
    expect(hits).toBe(2);
  });

  it('does not retry a non-retryable request', async () => {
    handler = (response) => response.writeHead(500).end();
    expect(await codeOf(() => client.send(request({ method: 'POST', body: '{}', retryable: false })))).toBe(
      'PLATFORM_UNAVAILABLE',
    );
    expect(hits).toBe(1);
  });

  it('cuts a request that does not answer in time (PLATFORM_TIMEOUT), retrying it', async () => {
    handler = () => undefined;
    expect(await codeOf(() => clientWithTimeout(150).send(request()))).toBe('PLATFORM_TIMEOUT');
    expect(hits).toBe(3);
  });

  it('never follows a redirect (our bearer must not travel elsewhere)', async () => {
    handler = (response) => response.writeHead(302, { location: 'https://evil.example/steal' }).end();
    expect(await codeOf(() => client.send(request({ headers: { authorization: 'Bearer secret' } })))).toBe(
      'PLATFORM_BAD_RESPONSE',
    );
    expect(hits).toBe(1);
  });

  it('refuses an oversized body', async () => {
    handler = (response) => response.writeHead(200).end('x'.repeat(3 * 1024 * 1024));
    expect(await codeOf(() => client.send(request()))).toBe('PLATFORM_BAD_RESPONSE');
  });

  it('maps a refused connection to PLATFORM_UNAVAILABLE without a body or token in the error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await client
      .send(request({ url: new URL(`http://127.0.0.1:${port}/x`), headers: { authorization: 'Bearer secret' } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE' });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('secret');
  });

  it('calls a body factory once per attempt (a fresh client assertion each time)', async () => {
    handler = (response, hit) => (hit < 3 ? response.writeHead(503).end() : response.writeHead(200).end('ok'));
    let n = 0;
    await client.send(request({ method: 'POST', body: () => Promise.resolve(`attempt-${++n}`) }));
    expect(bodies).toEqual(['attempt-1', 'attempt-2', 'attempt-3']);
  });
});
