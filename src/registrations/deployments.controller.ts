import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminRoute } from '../common/auth/admin-auth.guard';
import { AdminTokenId } from './admin-token-id.decorator';
import { CreateDeploymentDto } from './deployment.dto';
import { DeploymentsService } from './deployments.service';
import { PageQuery } from './registration-query.dto';
import { DeploymentPageResponse, DeploymentResponse } from './registration.response';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Registration id' };

@ApiTags('admin: registrations')
@AdminRoute()
@Controller('admin/registrations/:id/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a deployment to a registration' })
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: DeploymentResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, with per-field details' })
  @ApiNotFoundResponse({ description: 'REGISTRATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'REGISTRATION_DEPLOYMENT_ALREADY_EXISTS' })
  add(
    @Param('id') id: string,
    @Body() body: CreateDeploymentDto,
    @AdminTokenId() tokenId: string,
  ): Promise<DeploymentResponse> {
    return this.deployments.add(id, body.deploymentId, tokenId);
  }

  @Get()
  @ApiOperation({ summary: 'Deployments of a registration in creation order' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: DeploymentPageResponse })
  @ApiNotFoundResponse({ description: 'REGISTRATION_NOT_FOUND' })
  list(@Param('id') id: string, @Query() query: PageQuery): Promise<DeploymentPageResponse> {
    return this.deployments.list(id, query);
  }

  @Delete(':deploymentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a deployment (deploymentId URL-encoded, case-sensitive)' })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'deploymentId', description: 'The deployment_id, URL-encoded' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'REGISTRATION_NOT_FOUND or REGISTRATION_DEPLOYMENT_NOT_FOUND' })
  remove(
    @Param('id') id: string,
    @Param('deploymentId') deploymentId: string,
    @AdminTokenId() tokenId: string,
  ): Promise<void> {
    return this.deployments.remove(id, deploymentId, tokenId);
  }
}
