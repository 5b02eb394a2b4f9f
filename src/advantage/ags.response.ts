import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AppError } from '../common/errors/app.error';

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function asObject(operation: string, value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: expected a JSON object` });
  }
  return value as Json;
}

export function asArray(operation: string, value: unknown): unknown[] {
  if (!Array.isArray(value))
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: expected a JSON array` });
  return value;
}

/** A line item (AGS 2.0 §3.2), only the fields the spec defines. */
export class LineItemResponse {
  @ApiProperty({ description: 'The line item URL; pass it back as `lineItem`.' }) id: string;
  @ApiProperty() scoreMaximum: number;
  @ApiProperty() label: string;
  @ApiPropertyOptional() resourceId?: string;
  @ApiPropertyOptional() resourceLinkId?: string;
  @ApiPropertyOptional() tag?: string;
  @ApiPropertyOptional() startDateTime?: string;
  @ApiPropertyOptional() endDateTime?: string;
  @ApiPropertyOptional() gradesReleased?: boolean;

  static from(operation: string, value: unknown): LineItemResponse {
    const item = asObject(operation, value);
    const id = str(item.id);
    if (!id) throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: line item without id` });
    return Object.assign(new LineItemResponse(), {
      id,
      scoreMaximum: num(item.scoreMaximum) ?? 0,
      label: str(item.label) ?? '',
      resourceId: str(item.resourceId),
      resourceLinkId: str(item.resourceLinkId),
      tag: str(item.tag),
      startDateTime: str(item.startDateTime),
      endDateTime: str(item.endDateTime),
      gradesReleased: typeof item.gradesReleased === 'boolean' ? item.gradesReleased : undefined,
    });
  }
}

export class LineItemListResponse {
  @ApiProperty({ type: [LineItemResponse] }) lineItems: LineItemResponse[];
  @ApiProperty({ description: 'False when more pages remain; continue with `page=nextPage`.' }) complete: boolean;
  @ApiPropertyOptional() nextPage?: string;
}

/** A result (AGS 2.0 §3.3). */
export class ResultResponse {
  @ApiProperty() id: string;
  @ApiProperty() scoreOf: string;
  @ApiProperty() userId: string;
  @ApiPropertyOptional() resultScore?: number;
  @ApiPropertyOptional() resultMaximum?: number;
  @ApiPropertyOptional() comment?: string;
  @ApiPropertyOptional() scoringUserId?: string;

  static from(operation: string, value: unknown): ResultResponse {
    const result = asObject(operation, value);
    const userId = str(result.userId);
    if (!userId) throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: result without userId` });
    return Object.assign(new ResultResponse(), {
      id: str(result.id) ?? '',
      scoreOf: str(result.scoreOf) ?? '',
      userId,
      resultScore: num(result.resultScore),
      resultMaximum: num(result.resultMaximum),
      comment: str(result.comment),
      scoringUserId: str(result.scoringUserId),
    });
  }
}

export class ResultListResponse {
  @ApiProperty({ type: [ResultResponse] }) results: ResultResponse[];
  @ApiProperty() complete: boolean;
  @ApiPropertyOptional() nextPage?: string;
}

export class ScorePostedResponse {
  @ApiProperty({ description: 'The line item the score was posted to.' }) lineItem: string;
  @ApiProperty() userId: string;
  @ApiProperty({ description: 'The score timestamp sent to the platform.' }) timestamp: string;
}
