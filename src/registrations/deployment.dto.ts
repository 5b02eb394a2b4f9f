import { ApiProperty } from '@nestjs/swagger';
import { IsText, MAX_TEXT_LENGTH } from './registration.validators';

/** Body of POST /admin/registrations/:id/deployments. */
export class CreateDeploymentDto {
  @ApiProperty({
    description: 'The deployment_id the platform sends in launches (case-sensitive)',
    maxLength: MAX_TEXT_LENGTH,
    example: '1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
  })
  @IsText(1, MAX_TEXT_LENGTH)
  deploymentId: string;
}
