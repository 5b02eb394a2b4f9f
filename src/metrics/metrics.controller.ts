import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsAuthGuard } from './metrics-auth.guard';
import { MetricsService } from './metrics.service';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.format';

/** Prometheus scrape endpoint; an operations endpoint, documented in the README rather than /docs. */
@ApiExcludeController()
@Controller('metrics')
@UseGuards(MetricsAuthGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  scrape(): string {
    return this.metrics.render();
  }
}
