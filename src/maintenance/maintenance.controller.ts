import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AdminRequest, AdminRoute } from '../common/auth/admin-auth.guard';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';
import { RunMaintenanceDto } from './maintenance.dto';
import { MaintenanceJob } from './maintenance.job';
import { MaintenanceRunResponse, MaintenanceStatusResponse } from './maintenance.response';
import { MaintenanceService } from './maintenance.service';
import { toRunResponse, toTaskResponse } from './maintenance.mapper';

@ApiTags('admin: maintenance')
@AdminRoute()
@Controller('admin/maintenance')
export class MaintenanceController {
  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly job: MaintenanceJob,
    private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Per task: last run (any instance), outcome, counts; and this instance’s schedule' })
  @ApiOkResponse({ type: MaintenanceStatusResponse })
  async status(): Promise<MaintenanceStatusResponse> {
    const schedule = this.job.schedule();
    return {
      schedulingEnabled: schedule.enabled,
      intervalSeconds: schedule.intervalSeconds,
      batchSize: this.config.MAINTENANCE_BATCH_SIZE,
      nextTickAt: schedule.nextTickAt,
      instanceId: this.maintenance.instanceId,
      tasks: (await this.maintenance.status()).map(toTaskResponse),
    };
  }

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run one task (body.task) or all tasks now, under the same locks as the schedule' })
  @ApiOkResponse({ type: MaintenanceRunResponse })
  @ApiNotFoundResponse({ description: 'MAINTENANCE_TASK_NOT_FOUND' })
  async run(@Body() body: RunMaintenanceDto, @Req() request: AdminRequest): Promise<MaintenanceRunResponse> {
    this.logger.event('info', 'Admin', 'maintenance run requested', {
      adminTokenId: request.adminTokenId,
      task: body.task ?? 'all',
    });
    const results = body.task ? [await this.maintenance.run(body.task)] : await this.maintenance.runAll();
    return { results: results.map(toRunResponse) };
  }
}
