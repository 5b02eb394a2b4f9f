import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdvantageLaunch } from './advantage-launch';
import { LineItemDto, LineItemQuery, ListLineItemsQuery, ResultsQuery, ScoreDto } from './ags.dto';
import { LineItemListResponse, LineItemResponse, ResultListResponse, ScorePostedResponse } from './ags.response';
import { AgsService } from './ags.service';
import { CurrentLaunch, LaunchBearerRoute } from './launch-bearer.guard';

/**
 * Grades for the tool's front end (AGS 2.0), authorised by the launch bearer. A line item is named
 * by its platform URL in the `lineItem` query parameter and defaults to the launch's own.
 */
@ApiTags('lti: grades (AGS)')
@LaunchBearerRoute()
@Controller('lti/launches/:id/ags')
export class AgsController {
  constructor(private readonly ags: AgsService) {}

  @Get('lineitems')
  @ApiOperation({ summary: 'List the context\u2019s line items (follows the platform\u2019s pages)' })
  @ApiOkResponse({ type: LineItemListResponse })
  list(@CurrentLaunch() launch: AdvantageLaunch, @Query() query: ListLineItemsQuery): Promise<LineItemListResponse> {
    return this.ags.listLineItems(launch, query);
  }

  @Post('lineitems')
  @ApiOperation({ summary: 'Create a line item (instructors and administrators)' })
  @ApiCreatedResponse({ type: LineItemResponse })
  create(@CurrentLaunch() launch: AdvantageLaunch, @Body() body: LineItemDto): Promise<LineItemResponse> {
    return this.ags.createLineItem(launch, body);
  }

  @Get('lineitem')
  @ApiOperation({ summary: 'Read a line item' })
  @ApiOkResponse({ type: LineItemResponse })
  read(@CurrentLaunch() launch: AdvantageLaunch, @Query() query: LineItemQuery): Promise<LineItemResponse> {
    return this.ags.getLineItem(launch, query.lineItem);
  }

  @Put('lineitem')
  @ApiOperation({ summary: 'Replace a line item (instructors and administrators)' })
  @ApiOkResponse({ type: LineItemResponse })
  update(
    @CurrentLaunch() launch: AdvantageLaunch,
    @Query() query: LineItemQuery,
    @Body() body: LineItemDto,
  ): Promise<LineItemResponse> {
    return this.ags.updateLineItem(launch, query.lineItem, body);
  }

  @Delete('lineitem')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a line item (instructors and administrators)' })
  @ApiNoContentResponse()
  remove(@CurrentLaunch() launch: AdvantageLaunch, @Query() query: LineItemQuery): Promise<void> {
    return this.ags.deleteLineItem(launch, query.lineItem);
  }

  @Post('scores')
  @HttpCode(200)
  @ApiOperation({ summary: 'Post a score; userId defaults to the launching user' })
  @ApiOkResponse({ type: ScorePostedResponse })
  score(
    @CurrentLaunch() launch: AdvantageLaunch,
    @Query() query: LineItemQuery,
    @Body() body: ScoreDto,
  ): Promise<ScorePostedResponse> {
    return this.ags.postScore(launch, query.lineItem, body);
  }

  @Get('results')
  @ApiOperation({ summary: 'Read results of a line item (learners: their own only)' })
  @ApiOkResponse({ type: ResultListResponse })
  results(@CurrentLaunch() launch: AdvantageLaunch, @Query() query: ResultsQuery): Promise<ResultListResponse> {
    return this.ags.listResults(launch, query);
  }
}
