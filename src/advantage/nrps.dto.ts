import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class MembersQuery {
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

  @ApiPropertyOptional({ description: 'A `nextPage` value from a previous answer.', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  page?: string;
}
