import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PREPUBLISH_SECONDS = 30 * 24 * 3600;

export class RotateKeyDto {
  @ApiPropertyOptional({
    description:
      'Publish the new key now but sign with it only after this many seconds (for platforms that cache our JWKS ' +
      'without refetching on an unknown kid). 0 or absent: the new key signs at once.',
    minimum: 0,
    maximum: MAX_PREPUBLISH_SECONDS,
    example: 86400,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PREPUBLISH_SECONDS)
  prepublishSeconds?: number;
}

export class ListKeysQuery {
  @ApiPropertyOptional({ description: 'Also list unpublished (deactivated) keys.', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}
