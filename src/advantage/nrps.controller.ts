import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdvantageLaunch } from './advantage-launch';
import { CurrentLaunch, LaunchBearerRoute } from './launch-bearer.guard';
import { MembersQuery } from './nrps.dto';
import { MembersResponse } from './nrps.response';
import { NrpsService } from './nrps.service';

@ApiTags('lti: rosters (NRPS)')
@LaunchBearerRoute()
@Controller('lti/launches/:id')
export class NrpsController {
  constructor(private readonly nrps: NrpsService) {}

  @Get('members')
  @ApiOperation({ summary: 'The course roster (instructors and administrators); follows the platform\u2019s pages' })
  @ApiOkResponse({ type: MembersResponse })
  members(@CurrentLaunch() launch: AdvantageLaunch, @Query() query: MembersQuery): Promise<MembersResponse> {
    return this.nrps.members(launch, query);
  }
}
