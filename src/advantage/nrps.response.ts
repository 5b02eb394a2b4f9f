import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AppError } from '../common/errors/app.error';

type Json = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One membership (NRPS 2.0 §2.2), in our camelCase. */
export class MemberResponse {
  @ApiProperty() userId: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiPropertyOptional({ example: 'Active' }) status?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() givenName?: string;
  @ApiPropertyOptional() familyName?: string;
  @ApiPropertyOptional() middleName?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() picture?: string;
  @ApiPropertyOptional() lisPersonSourcedId?: string;

  static from(value: unknown): MemberResponse {
    if (!isObject(value) || typeof value.user_id !== 'string') {
      throw new AppError('PLATFORM_BAD_RESPONSE', { detail: 'nrps: member without user_id' });
    }
    return Object.assign(new MemberResponse(), {
      userId: value.user_id,
      roles: Array.isArray(value.roles) ? value.roles.filter((role): role is string => typeof role === 'string') : [],
      status: str(value.status),
      name: str(value.name),
      givenName: str(value.given_name),
      familyName: str(value.family_name),
      middleName: str(value.middle_name),
      email: str(value.email),
      picture: str(value.picture),
      lisPersonSourcedId: str(value.lis_person_sourcedid),
    });
  }
}

export class MembershipContextResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional() label?: string;
  @ApiPropertyOptional() title?: string;

  static from(value: unknown): MembershipContextResponse | undefined {
    if (!isObject(value) || typeof value.id !== 'string') return undefined;
    return Object.assign(new MembershipContextResponse(), {
      id: value.id,
      label: str(value.label),
      title: str(value.title),
    });
  }
}

export class MembersResponse {
  @ApiPropertyOptional({ type: MembershipContextResponse }) context?: MembershipContextResponse;
  @ApiProperty({ type: [MemberResponse] }) members: MemberResponse[];
  @ApiProperty({ description: 'False when more pages remain; continue with `page=nextPage`.' }) complete: boolean;
  @ApiPropertyOptional() nextPage?: string;
}

/** A membership container page (NRPS 2.0 §2.2): `{ id, context, members: [...] }`. */
export function parseMembershipPage(body: unknown): { context?: MembershipContextResponse; members: MemberResponse[] } {
  if (!isObject(body) || !Array.isArray(body.members)) {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: 'nrps: body is not a membership container' });
  }
  return {
    context: MembershipContextResponse.from(body.context),
    members: body.members.map((member) => MemberResponse.from(member)),
  };
}
