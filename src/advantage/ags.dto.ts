import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PLATFORM_URL_MAX, PlatformPageQuery } from './platform-page.query';

export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;

const URL_MAX = PLATFORM_URL_MAX;

/** Selects a line item by the URL the platform gave it (`id`); absent: the launch's own line item. */
export class LineItemQuery {
  @ApiPropertyOptional({
    description: 'Line item URL (its `id`); defaults to the launch\u2019s line item.',
    maxLength: URL_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(URL_MAX)
  lineItem?: string;
}

export class ListLineItemsQuery extends PlatformPageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resourceLinkId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resourceId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tag?: string;
}

/** Body of line item create and update (AGS 2.0 §3.2). */
export class LineItemDto {
  @ApiProperty({ example: 100, exclusiveMinimum: true, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE)
  scoreMaximum: number;

  @ApiProperty({ example: 'Chapter 5 Test', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  label: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resourceId?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resourceLinkId?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tag?: string;

  @ApiPropertyOptional({ example: '2026-01-15T12:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startDateTime?: string;

  @ApiPropertyOptional({ example: '2026-02-15T12:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endDateTime?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  gradesReleased?: boolean;
}

/** Body of a score post (AGS 2.0 §3.4). */
export class ScoreDto {
  @ApiPropertyOptional({ description: 'Requires scoreMaximum.', example: 83 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  scoreGiven?: number;

  @ApiPropertyOptional({ example: 100 })
  @ValidateIf((dto: ScoreDto) => dto.scoreGiven !== undefined || dto.scoreMaximum !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE)
  scoreMaximum?: number;

  @ApiProperty({ enum: ACTIVITY_PROGRESS })
  @IsIn(ACTIVITY_PROGRESS)
  activityProgress: (typeof ACTIVITY_PROGRESS)[number];

  @ApiProperty({ enum: GRADING_PROGRESS })
  @IsIn(GRADING_PROGRESS)
  gradingProgress: (typeof GRADING_PROGRESS)[number];

  @ApiPropertyOptional({ description: 'ISO 8601 with sub-second precision; defaults to now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;

  @ApiPropertyOptional({ description: 'Platform user id; defaults to the launching user.', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  userId?: string;

  @ApiPropertyOptional({ maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  comment?: string;
}

/** Results of a line item (AGS 2.0 §3.3), optionally of one user, paged. */
export class ResultsQuery extends IntersectionType(LineItemQuery, PlatformPageQuery) {
  @ApiPropertyOptional({ description: 'Only this user\u2019s result.', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  userId?: string;
}

/** The AGS 2.0 §3.2 line item body sent to the platform (only the members the spec defines). */
export function toPlatformLineItem(dto: LineItemDto): Record<string, unknown> {
  const { scoreMaximum, label, resourceId, resourceLinkId, tag, startDateTime, endDateTime, gradesReleased } = dto;
  return { scoreMaximum, label, resourceId, resourceLinkId, tag, startDateTime, endDateTime, gradesReleased };
}
