import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const PLATFORM_URL_MAX = 2048;

/** Paging of platform collections (line items, results, members): how many, and where to resume. */
export class PlatformPageQuery {
  @ApiPropertyOptional({
    description: 'Page size asked of the platform; collection stops once this many are read.',
    minimum: 1,
    maximum: 1000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'A `nextPage` value from a previous answer.', maxLength: PLATFORM_URL_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(PLATFORM_URL_MAX)
  page?: string;
}
