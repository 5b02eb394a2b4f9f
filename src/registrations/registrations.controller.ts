import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { CreateRegistrationDto, UpdateRegistrationDto } from './registration.dto';
import { ListRegistrationsQuery } from './registration-query.dto';
import { RegistrationPageResponse, RegistrationResponse } from './registration.response';
import { RegistrationUrlPolicyPipe } from './registration-url-policy.pipe';
import { RegistrationsService } from './registrations.service';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Registration id' };
const NOT_FOUND = { description: 'REGISTRATION_NOT_FOUND' };
const INVALID = { description: 'VALIDATION_FAILED, with per-field details' };

@ApiTags('admin: registrations')
@AdminRoute()
@Controller('admin/registrations')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a platform (generates its signing key)' })
  @ApiCreatedResponse({ type: RegistrationResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse({ description: 'REGISTRATION_ALREADY_EXISTS: this (issuer, clientId) is taken' })
  create(
    @Body(RegistrationUrlPolicyPipe) body: CreateRegistrationDto,
    @AdminTokenId() tokenId: string,
  ): Promise<RegistrationResponse> {
    return this.registrations.create(body, tokenId);
  }

  @Get()
  @ApiOperation({ summary: 'List registrations in creation order, optionally filtered by issuer and clientId' })
  @ApiOkResponse({ type: RegistrationPageResponse })
  @ApiBadRequestResponse(INVALID)
  list(@Query() query: ListRegistrationsQuery): Promise<RegistrationPageResponse> {
    return this.registrations.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One registration with its deployments and current key id' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id') id: string): Promise<RegistrationResponse> {
    return this.registrations.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a registration' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'REGISTRATION_ALREADY_EXISTS: the new (issuer, clientId) is taken' })
  update(
    @Param('id') id: string,
    @Body(RegistrationUrlPolicyPipe) body: UpdateRegistrationDto,
    @AdminTokenId() tokenId: string,
  ): Promise<RegistrationResponse> {
    return this.registrations.update(id, body, tokenId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a registration and its deployments; its keys are retired' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(NOT_FOUND)
  remove(@Param('id') id: string, @AdminTokenId() tokenId: string): Promise<void> {
    return this.registrations.remove(id, tokenId);
  }
}
