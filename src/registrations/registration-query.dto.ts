import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsText, MAX_TEXT_LENGTH } from './registration.validators';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
// Beyond this an OFFSET is surely a client bug; it also keeps the value inside PostgreSQL's integer range.
const MAX_OFFSET = 2_147_483_647;

/** `?limit=&offset=` for the admin lists; items come in creation order, so offsets stay stable. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

/** GET /admin/registrations filters (exact matches). */
export class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only registrations with exactly this issuer', maxLength: MAX_TEXT_LENGTH })
  @IsOptional()
  @IsText(1, MAX_TEXT_LENGTH)
  issuer?: string;

  @ApiPropertyOptional({ description: 'Only registrations with exactly this clientId', maxLength: MAX_TEXT_LENGTH })
  @IsOptional()
  @IsText(1, MAX_TEXT_LENGTH)
  clientId?: string;
}
