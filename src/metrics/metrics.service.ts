import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventLoopMonitor } from './event-loop.monitor';
import { MetricsRegistry } from './prometheus.registry';

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MAINTENANCE_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/** Label for requests no route matched: the raw URL would make the series count unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The service's Prometheus metrics. The record* methods are cheap and safe on hot paths: a few
 * map lookups and additions, no I/O, never throwing. Label values must be bounded sets (route
 * patterns, error codes, task names), never ids or URLs.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  private readonly registry = new MetricsRegistry();
  private readonly eventLoop = new EventLoopMonitor();

  private readonly requests = this.registry.histogram(
    'http_request_duration_seconds',
    'HTTP requests by method, matched route pattern ("unmatched" for 404s) and status, with latency; _count is the request count.',
    ['method', 'route', 'status'],
    HTTP_BUCKETS,
  );
  private readonly launches = this.registry.counter(
    'lti_launches_total',
    'LTI launches by outcome: ok or the error code.',
    ['outcome'],
  );
  private readonly logins = this.registry.counter(
    'lti_logins_total',
    'OIDC login initiations by outcome: ok or the error code.',
    ['outcome'],
  );
  private readonly jwksFetches = this.registry.counter(
    'lti_platform_jwks_fetches_total',
    'Fetches of platform JWKS by outcome (ok, error, timeout).',
    ['outcome'],
  );
  private readonly maintenanceRuns = this.registry.counter(
    'lti_maintenance_runs_total',
    'Maintenance task runs by task and outcome.',
    ['task', 'outcome'],
  );
  private readonly maintenanceItems = this.registry.counter(
    'lti_maintenance_items_total',
    'Rows handled by maintenance tasks, by task and count name (e.g. deleted, activated).',
    ['task', 'count'],
  );
  private readonly maintenanceDuration = this.registry.histogram(
    'lti_maintenance_duration_seconds',
    'Duration of maintenance task runs.',
    ['task'],
    MAINTENANCE_BUCKETS,
  );
  private readonly keyRotations = this.registry.counter(
    'lti_key_rotations_total',
    'Tool signing-key rotations performed by this instance.',
  );

  constructor() {
    this.registerProcessGauges();
  }

  onModuleInit(): void {
    this.eventLoop.start();
  }

  onModuleDestroy(): void {
    this.eventLoop.stop();
  }

  /** `route` is the matched pattern (e.g. /lti/launches/:id) or UNMATCHED_ROUTE. */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe([method, route, status], seconds);
  }

  /** `outcome` is 'ok' or the error code the launch failed with. */
  recordLaunch(outcome: string): void {
    this.launches.inc([outcome]);
  }

  recordLogin(outcome: string): void {
    this.logins.inc([outcome]);
  }

  recordPlatformJwksFetch(outcome: 'ok' | 'error' | 'timeout'): void {
    this.jwksFetches.inc([outcome]);
  }

  recordMaintenance(task: string, outcome: string, counts: Record<string, number>, seconds: number): void {
    this.maintenanceRuns.inc([task, outcome]);
    for (const name in counts) this.maintenanceItems.inc([task, name], counts[name]);
    this.maintenanceDuration.observe([task], seconds);
  }

  recordKeyRotation(): void {
    this.keyRotations.inc();
  }

  /** Text exposition format 0.0.4. Also starts a new event-loop delay interval (see EventLoopMonitor). */
  render(): string {
    return this.registry.render();
  }

  private registerProcessGauges(): void {
    const r = this.registry;
    const p50 = r.gauge('nodejs_eventloop_delay_p50_seconds', 'Median event-loop delay since the previous scrape.');
    const p99 = r.gauge(
      'nodejs_eventloop_delay_p99_seconds',
      '99th percentile event-loop delay since the previous scrape.',
    );
    const max = r.gauge('nodejs_eventloop_delay_max_seconds', 'Largest event-loop delay since the previous scrape.');
    const rss = r.gauge('process_resident_memory_bytes', 'Resident set size of the process.');
    const heapUsed = r.gauge('nodejs_heap_size_used_bytes', 'V8 heap in use.');
    const heapTotal = r.gauge('nodejs_heap_size_total_bytes', 'V8 heap allocated.');
    r.onCollect(() => {
      const delay = this.eventLoop.take();
      p50.set([], delay.p50Seconds);
      p99.set([], delay.p99Seconds);
      max.set([], delay.maxSeconds);
      const memory = process.memoryUsage();
      rss.set([], memory.rss);
      heapUsed.set([], memory.heapUsed);
      heapTotal.set([], memory.heapTotal);
    });
  }
}
