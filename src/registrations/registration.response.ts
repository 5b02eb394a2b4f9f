import { ApiProperty } from '@nestjs/swagger';

/** What the admin API shows of a deployment. */
export class DeploymentResponse {
  @ApiProperty({ example: '1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb' })
  deploymentId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** What the admin API shows of a registration (never the entity itself). */
export class RegistrationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://canvas.instructure.com' })
  issuer: string;

  @ApiProperty({ example: '10000000000042' })
  clientId: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ format: 'uri' })
  authEndpoint: string;

  @ApiProperty({ format: 'uri' })
  jwksUri: string;

  @ApiProperty({ format: 'uri' })
  tokenEndpoint: string;

  @ApiProperty({
    description: 'kid of the key that currently signs for this registration (published in /.well-known/jwks.json)',
  })
  kid: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'kid of a pre-published key that takes over at pendingActivatesAt',
  })
  pendingKid: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pendingActivatesAt: Date | null;

  @ApiProperty({ type: [DeploymentResponse] })
  deployments: DeploymentResponse[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class RegistrationPageResponse {
  @ApiProperty({ type: [RegistrationResponse] })
  items: RegistrationResponse[];

  @ApiProperty({ description: 'Number of registrations matching the filters' })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

export class DeploymentPageResponse {
  @ApiProperty({ type: [DeploymentResponse] })
  items: DeploymentResponse[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}
