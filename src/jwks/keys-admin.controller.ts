import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { type AdminRequest, AdminRoute } from '../common/auth/admin-auth.guard';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import { MetricsService } from '../metrics/metrics.service';
import { ListKeysQuery, RotateKeyDto } from './key.dto';
import { BulkRotationResponse, KeyListResponse, KeySummaryResponse, RotationResponse } from './key.response';
import { KeyRotationService } from './key-rotation.service';
import { KeysService } from './keys.service';

@ApiTags('admin: keys')
@AdminRoute()
@Controller('admin')
export class KeysAdminController {
  constructor(
    private readonly rotation: KeyRotationService,
    private readonly keys: KeysService,
    private readonly logger: JsonLogger,
    private readonly metrics: MetricsService,
  ) {}

  @Post('registrations/:id/rotate-key')
  @ApiOperation({ summary: 'Rotate the signing key of one registration; the previous key stays published' })
  @ApiCreatedResponse({ type: RotationResponse })
  @ApiNotFoundResponse({ description: 'KEY_REGISTRATION_NOT_FOUND' })
  async rotate(
    @Param('id') id: string,
    @Body() body: RotateKeyDto = {},
    @Req() request: AdminRequest,
  ): Promise<RotationResponse> {
    if (!isUUID(id)) throw new AppError('KEY_REGISTRATION_NOT_FOUND', { detail: 'registration id is not a UUID' });
    const result = RotationResponse.from(await this.rotation.rotate(id, body.prepublishSeconds ?? 0));
    this.metrics.recordKeyRotation();
    this.audit(request, 'signing key rotated', { ...result });
    return result;
  }

  @Post('keys/rotate')
  @ApiOperation({ summary: 'Rotate the signing keys of every registration' })
  @ApiCreatedResponse({ type: BulkRotationResponse })
  async rotateAll(@Body() body: RotateKeyDto = {}, @Req() request: AdminRequest): Promise<BulkRotationResponse> {
    const rotations = (await this.rotation.rotateAll(body.prepublishSeconds ?? 0)).map((r) => RotationResponse.from(r));
    for (let i = 0; i < rotations.length; i += 1) this.metrics.recordKeyRotation();
    this.audit(request, 'all signing keys rotated', {
      rotated: rotations.length,
      prepublishSeconds: body.prepublishSeconds ?? 0,
      registrationIds: rotations.map((r) => r.registrationId),
    });
    return Object.assign(new BulkRotationResponse(), { rotated: rotations.length, rotations });
  }

  @Get('keys')
  @ApiOperation({ summary: 'Signing keys with their state, dates and registrations (never private material)' })
  @ApiOkResponse({ type: KeyListResponse })
  async list(@Query() query: ListKeysQuery): Promise<KeyListResponse> {
    const rows = await this.keys.list(query.includeInactive ?? false);
    return Object.assign(new KeyListResponse(), { keys: rows.map((row) => KeySummaryResponse.from(row)) });
  }

  private audit(request: AdminRequest, msg: string, fields: Record<string, unknown>): void {
    this.logger.event('info', 'Admin', msg, { adminTokenId: request.adminTokenId, ...fields });
  }
}
