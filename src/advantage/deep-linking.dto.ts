import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_CONTENT_ITEMS = 100;

/** Body of POST /lti/launches/:id/deep-linking-response (Deep Linking 2.0 §4.2). */
export class DeepLinkingResponseDto {
  @ApiProperty({
    description:
      'Content items (Deep Linking 2.0 §3), sent to the platform as given once checked against accept_types, ' +
      'accept_multiple and accept_presentation_document_targets. An empty array means "nothing selected".',
    example: [
      { type: 'ltiResourceLink', title: 'Chapter 5 quiz', lineItem: { scoreMaximum: 10, label: 'Chapter 5 quiz' } },
    ],
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(MAX_CONTENT_ITEMS)
  @IsObject({ each: true })
  contentItems: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'Message the platform may show the user (claim msg).', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  message?: string;

  @ApiPropertyOptional({ description: 'Message the platform may log (claim log).', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  log?: string;

  @ApiPropertyOptional({ description: 'Error message the platform may show (claim errormsg).', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  errorMessage?: string;

  @ApiPropertyOptional({ description: 'Error message the platform may log (claim errorlog).', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  errorLog?: string;
}
