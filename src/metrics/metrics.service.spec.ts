import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MetricsService', () => {
  let metrics: MetricsService;
  beforeEach(() => {
    metrics = new MetricsService();
  });

  it('counts requests by method, route pattern and status, with latency buckets', () => {
    metrics.recordRequest('GET', '/lti/launches/:id', 200, 0.004);
    metrics.recordRequest('GET', '/lti/launches/:id', 200, 0.2);
    metrics.recordRequest('GET', UNMATCHED_ROUTE, 404, 0.001);
    const text = metrics.render();
    const labels = 'method="GET",route="/lti/launches/:id",status="200"';
    expect(sample(text, `http_request_duration_seconds_count{${labels}}`)).toBe(2);
    expect(sample(text, `http_request_duration_seconds_bucket{${labels},le="0.005"}`)).toBe(1);
    expect(sample(text, `http_request_duration_seconds_bucket{${labels},le="0.25"}`)).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
  });

  it('counts launches, logins, JWKS fetches and key rotations by outcome', () => {
    metrics.recordLaunch('ok');
    metrics.recordLaunch('LTI_NONCE_REUSED');
    metrics.recordLaunch('ok');
    metrics.recordLogin('ok');
    metrics.recordPlatformJwksFetch('timeout');
    metrics.recordKeyRotation();
    const text = metrics.render();
    expect(sample(text, 'lti_launches_total{outcome="ok"}')).toBe(2);
    expect(sample(text, 'lti_launches_total{outcome="LTI_NONCE_REUSED"}')).toBe(1);
    expect(sample(text, 'lti_logins_total{outcome="ok"}')).toBe(1);
    expect(sample(text, 'lti_platform_jwks_fetches_total{outcome="timeout"}')).toBe(1);
    expect(sample(text, 'lti_key_rotations_total')).toBe(1);
  });

  it('records maintenance runs, their counts by name and their duration', () => {
    metrics.recordMaintenance('nonce-cleanup', 'ok', { deleted: 120 }, 0.3);
    metrics.recordMaintenance('nonce-cleanup', 'ok', { deleted: 5 }, 0.02);
    metrics.recordMaintenance('key-rotation', 'MAINTENANCE_LOCKED', {}, 0.001);
    const text = metrics.render();
    expect(sample(text, 'lti_maintenance_runs_total{task="nonce-cleanup",outcome="ok"}')).toBe(2);
    expect(sample(text, 'lti_maintenance_runs_total{task="key-rotation",outcome="MAINTENANCE_LOCKED"}')).toBe(1);
    expect(sample(text, 'lti_maintenance_items_total{task="nonce-cleanup",count="deleted"}')).toBe(125);
    expect(sample(text, 'lti_maintenance_duration_seconds_count{task="nonce-cleanup"}')).toBe(2);
  });

  it('exposes event-loop delay and process memory gauges', () => {
    const text = metrics.render();
    for (const name of [
      'nodejs_eventloop_delay_p50_seconds',
      'nodejs_eventloop_delay_p99_seconds',
      'nodejs_eventloop_delay_max_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
    ]) {
      expect(sample(text, name)).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
