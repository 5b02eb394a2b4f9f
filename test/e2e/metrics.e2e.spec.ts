import { randomUUID } from 'node:crypto';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { startTestApp, type TestApp } from '../support/test-app';

/** A route with a path parameter, to show that the pattern (not the URL) becomes the label. */
@Controller('metrics-probe')
class MetricsProbeController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [MetricsProbeController] })
class MetricsProbeModule {}

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('GET /metrics', () => {
  describe('open (no METRICS_TOKEN)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ imports: [MetricsProbeModule] });
    });
    afterAll(() => t.close());

    const scrape = async (): Promise<string> => {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    };

    it('answers in the Prometheus text format 0.0.4', async () => {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(text).toContain('# TYPE lti_launches_total counter');
      expect(text).toMatch(/^nodejs_eventloop_delay_p99_seconds \d/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    });

    it('counts requests by route pattern and status, never by raw URL', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const missing = `/no-such-route-${randomUUID()}`;
      const probe = 'method="GET",route="/metrics-probe/:id",status="200"';
      const unmatched = 'method="GET",route="unmatched",status="404"';
      const before = await scrape();

      for (const id of ids) expect((await fetch(`${t.url}/metrics-probe/${id}`)).status).toBe(200);
      expect((await fetch(`${t.url}${missing}`)).status).toBe(404);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);

      const after = await scrape();
      const delta = (series: string): number => sample(after, series) - sample(before, series);
      expect(delta(`http_request_duration_seconds_count{${probe}}`)).toBe(3);
      expect(delta(`http_request_duration_seconds_bucket{${probe},le="+Inf"}`)).toBe(3);
      expect(delta(`http_request_duration_seconds_count{${unmatched}}`)).toBe(1);
      expect(delta('http_request_duration_seconds_count{method="GET",route="/health",status="200"}')).toBe(1);
      for (const id of ids) expect(after).not.toContain(id);
      expect(after).not.toContain(missing);
    });

    it('is not part of the OpenAPI description', async () => {
      const doc = (await (await fetch(`${t.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).not.toContain('/metrics');
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { METRICS_TOKEN } });
    });
    afterAll(() => t.close());

    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', `Bearer ${METRICS_TOKEN}x`],
      ['an admin token scheme without Bearer', METRICS_TOKEN],
      ['an empty bearer', 'Bearer '],
    ])('rejects %s with 401 METRICS_UNAUTHORIZED', async (_case, authorization) => {
      const res = await fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      const body = await res.text();
      expect(JSON.parse(body).error.code).toBe('METRICS_UNAUTHORIZED');
      expect(body).not.toContain('http_request_duration_seconds');
    });

    it('serves the metrics for the right token', async () => {
      const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE http_request_duration_seconds histogram');
    });
  });

  describe('with METRICS_ENABLED=false', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { METRICS_ENABLED: 'false' } });
    });
    afterAll(() => t.close());

    it('does not exist: 404 ROUTE_NOT_FOUND', async () => {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('ROUTE_NOT_FOUND');
    });
  });
});
