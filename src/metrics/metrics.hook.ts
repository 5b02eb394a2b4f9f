import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

/**
 * Counts every response by method, matched route pattern and status, with Fastify's own timing.
 * Registered before the routes (see app.factory.ts) so it covers every route and the 404 handler.
 */
export function registerMetricsHook(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService, { strict: false });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
}
