import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** GET /lti/launches/:id: what the tool's front end needs to know about a launch (camelCase). */
export class LaunchUserResponse {
  @ApiProperty({ description: 'Platform user id (sub), stable per platform' }) sub: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() givenName?: string;
  @ApiPropertyOptional() familyName?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() picture?: string;
  @ApiPropertyOptional() locale?: string;
}

export class LaunchRolesResponse {
  @ApiProperty({ type: [String], description: 'Roles as sent (LIS URIs, short names, unknown values)' }) all: string[];
  @ApiProperty({ type: [String], description: 'Short names of course roles, e.g. Instructor' }) context: string[];
  @ApiProperty({ type: [String] }) institution: string[];
  @ApiProperty({ type: [String] }) system: string[];
  @ApiProperty() instructor: boolean;
  @ApiProperty() learner: boolean;
  @ApiProperty({ description: 'Course, institution or system administrator' }) administrator: boolean;
  @ApiProperty() contentDeveloper: boolean;
  @ApiProperty() mentor: boolean;
  @ApiProperty() teachingAssistant: boolean;
}

export class LaunchCourseResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional() label?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ type: [String] }) type?: string[];
}

export class LaunchResourceLinkResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() description?: string;
}

export class LaunchDeploymentResponse {
  @ApiProperty({ description: 'deployment_id of the launch (case-sensitive)' }) deploymentId: string;
}

export class LaunchPlatformResponse {
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Registration name given by the admin' }) name:
    string | null;
  @ApiPropertyOptional({ description: 'tool_platform.guid' }) guid?: string;
  @ApiPropertyOptional({ description: 'tool_platform.product_family_code, e.g. canvas, moodle' })
  productFamilyCode?: string;
  @ApiPropertyOptional() version?: string;
}

export class LaunchPresentationResponse {
  @ApiPropertyOptional() documentTarget?: string;
  @ApiPropertyOptional() returnUrl?: string;
  @ApiPropertyOptional() locale?: string;
  @ApiPropertyOptional() width?: number;
  @ApiPropertyOptional() height?: number;
}

export class GradesServiceResponse {
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiPropertyOptional() lineitems?: string;
  @ApiPropertyOptional() lineitem?: string;
}

export class RosterServiceResponse {
  @ApiProperty() contextMembershipsUrl: string;
  @ApiProperty({ type: [String] }) serviceVersions: string[];
}

export class DeepLinkingServiceResponse {
  @ApiProperty() returnUrl: string;
  @ApiProperty({ type: [String] }) acceptTypes: string[];
  @ApiProperty({ type: [String] }) acceptPresentationDocumentTargets: string[];
  @ApiPropertyOptional() acceptMediaTypes?: string;
  @ApiPropertyOptional() acceptMultiple?: boolean;
  @ApiPropertyOptional() acceptLineitem?: boolean;
  @ApiPropertyOptional() autoCreate?: boolean;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() text?: string;
}

export class LaunchServicesResponse {
  @ApiProperty({ type: GradesServiceResponse, nullable: true, description: 'Assignment and Grade Services' })
  grades: GradesServiceResponse | null;
  @ApiProperty({ type: RosterServiceResponse, nullable: true, description: 'Names and Role Provisioning Services' })
  roster: RosterServiceResponse | null;
  @ApiProperty({ type: DeepLinkingServiceResponse, nullable: true })
  deepLinking: DeepLinkingServiceResponse | null;
}

export class LaunchContextResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] }) messageType: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: LaunchUserResponse }) user: LaunchUserResponse;
  @ApiProperty({ type: LaunchRolesResponse }) roles: LaunchRolesResponse;
  @ApiProperty({ type: LaunchCourseResponse, nullable: true, description: 'The context (course)' })
  context: LaunchCourseResponse | null;
  @ApiProperty({ type: LaunchResourceLinkResponse, nullable: true }) resourceLink: LaunchResourceLinkResponse | null;
  @ApiProperty({ type: LaunchDeploymentResponse }) deployment: LaunchDeploymentResponse;
  @ApiProperty({ type: LaunchPlatformResponse }) platform: LaunchPlatformResponse;
  @ApiPropertyOptional({ description: 'target_link_uri claim' }) targetLinkUri?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Custom parameters' })
  custom: Record<string, unknown>;
  @ApiProperty({ type: LaunchPresentationResponse, nullable: true })
  launchPresentation: LaunchPresentationResponse | null;
  @ApiProperty({ type: LaunchServicesResponse }) services: LaunchServicesResponse;
}
