import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type HealthReport, HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: '200 when the database answers, 503 DATABASE_UNAVAILABLE when not' })
  check(): Promise<HealthReport> {
    return this.health.check();
  }
}
