import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PlatformPageQuery } from './platform-page.query';

/** NRPS 2.0 §2.4 membership query: role filter plus paging. */
export class MembersQuery extends PlatformPageQuery {
  @ApiPropertyOptional({
    description:
      'Only members with this role: a full LIS role URI or a short context role such as Learner (NRPS 2.0 §2.4.1).',
    example: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
    maxLength: 255,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  role?: string;
}
