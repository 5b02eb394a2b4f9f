import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional } from 'class-validator';
import { IsOmittable, IsPlatformUrl, IsText, MAX_TEXT_LENGTH, MAX_URL_LENGTH } from './registration.validators';

export const MAX_DEPLOYMENTS_PER_REQUEST = 100;

const ISSUER_DOC = {
  description: 'The platform issuer (`iss` of its id_tokens), stored and compared exactly as given',
  example: 'https://canvas.instructure.com',
  maxLength: MAX_TEXT_LENGTH,
};
const CLIENT_ID_DOC = {
  description: 'The client_id the platform assigned to this tool',
  example: '10000000000042',
  maxLength: MAX_TEXT_LENGTH,
};
const URL_DOC = { format: 'uri', maxLength: MAX_URL_LENGTH };
const NAME_DOC = { description: 'Label for administrators', maxLength: MAX_TEXT_LENGTH, nullable: true, type: String };

/** Body of POST /admin/registrations. */
export class CreateRegistrationDto {
  @ApiProperty(ISSUER_DOC)
  @IsText(1, MAX_TEXT_LENGTH)
  issuer: string;

  @ApiProperty(CLIENT_ID_DOC)
  @IsText(1, MAX_TEXT_LENGTH)
  clientId: string;

  @ApiProperty({
    ...URL_DOC,
    description: 'OIDC authorization endpoint (login redirect)',
    example: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
  })
  @IsPlatformUrl()
  authEndpoint: string;

  @ApiProperty({
    ...URL_DOC,
    description: 'Platform JWKS used to verify id_tokens',
    example: 'https://sso.canvaslms.com/api/lti/security/jwks',
  })
  @IsPlatformUrl()
  jwksUri: string;

  @ApiProperty({
    ...URL_DOC,
    description: 'OAuth2 token endpoint (LTI Advantage services)',
    example: 'https://sso.canvaslms.com/login/oauth2/token',
  })
  @IsPlatformUrl()
  tokenEndpoint: string;

  @ApiPropertyOptional(NAME_DOC)
  @IsOptional()
  @IsText(1, MAX_TEXT_LENGTH)
  name?: string | null;

  @ApiPropertyOptional({
    description: 'Deployments to create with the registration (case-sensitive, unique)',
    type: [String],
    maxItems: MAX_DEPLOYMENTS_PER_REQUEST,
    example: ['1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DEPLOYMENTS_PER_REQUEST)
  @ArrayUnique()
  @IsText(1, MAX_TEXT_LENGTH, { each: true })
  deploymentIds?: string[] | null;
}

/** Body of PATCH /admin/registrations/:id: any subset of the fields; `name: null` clears the name. */
export class UpdateRegistrationDto {
  @ApiPropertyOptional(ISSUER_DOC)
  @IsOmittable()
  @IsText(1, MAX_TEXT_LENGTH)
  issuer?: string;

  @ApiPropertyOptional(CLIENT_ID_DOC)
  @IsOmittable()
  @IsText(1, MAX_TEXT_LENGTH)
  clientId?: string;

  @ApiPropertyOptional({ ...URL_DOC, description: 'OIDC authorization endpoint' })
  @IsOmittable()
  @IsPlatformUrl()
  authEndpoint?: string;

  @ApiPropertyOptional({ ...URL_DOC, description: 'Platform JWKS' })
  @IsOmittable()
  @IsPlatformUrl()
  jwksUri?: string;

  @ApiPropertyOptional({ ...URL_DOC, description: 'OAuth2 token endpoint' })
  @IsOmittable()
  @IsPlatformUrl()
  tokenEndpoint?: string;

  @ApiPropertyOptional(NAME_DOC)
  @IsOptional()
  @IsText(1, MAX_TEXT_LENGTH)
  name?: string | null;
}
