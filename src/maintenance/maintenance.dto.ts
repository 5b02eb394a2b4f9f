import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** POST /admin/maintenance/run: one task by name, or every task when omitted. */
export class RunMaintenanceDto {
  @ApiPropertyOptional({ example: 'nonce-cleanup', description: 'Task name from GET /admin/maintenance' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  task?: string;
}
