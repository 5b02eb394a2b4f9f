import { ApiProperty } from '@nestjs/swagger';
import type { KeyListRow } from './keys.repository';
import type { RotationResult } from './key-rotation.service';

export class RotationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty({ description: 'kid of the new key (published now)' }) kid: string;
  @ApiProperty({ description: 'kid of the key that signed before this rotation' }) previousKid: string;
  @ApiProperty({ description: 'When the new key starts signing' }) activatesAt: string;
  @ApiProperty({ description: 'When the previous key stops signing; it stays published for the retirement grace' })
  previousRetiresAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'A pending key this rotation replaced before it ever signed',
  })
  supersededKid: string | null;

  static from(result: RotationResult): RotationResponse {
    return Object.assign(new RotationResponse(), {
      registrationId: result.registrationId,
      kid: result.kid,
      previousKid: result.previousKid,
      activatesAt: result.activatesAt.toISOString(),
      previousRetiresAt: result.previousRetiresAt.toISOString(),
      supersededKid: result.supersededKid,
    });
  }
}

export class BulkRotationResponse {
  @ApiProperty() rotated: number;
  @ApiProperty({ type: [RotationResponse] }) rotations: RotationResponse[];
}

export class KeyRegistrationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ enum: ['current', 'pending'] }) role: 'current' | 'pending';
  @ApiProperty({ nullable: true, type: String, description: 'For a pending key: when it starts signing' })
  activatesAt: string | null;
}

export type KeyState = 'current' | 'pending' | 'retired' | 'inactive' | 'unused';

export class KeySummaryResponse {
  @ApiProperty() kid: string;
  @ApiProperty() alg: string;
  @ApiProperty({ enum: ['current', 'pending', 'retired', 'inactive', 'unused'] }) state: KeyState;
  @ApiProperty({ description: 'Listed in /.well-known/jwks.json' }) published: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) firstSignedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) retiredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deactivatedAt: string | null;
  @ApiProperty({ type: [KeyRegistrationResponse] }) registrations: KeyRegistrationResponse[];

  /** Only public metadata: the row's private ciphertext is never selected for this listing. */
  static from(row: KeyListRow): KeySummaryResponse {
    const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);
    const registrations = row.registrations.map((r) =>
      Object.assign(new KeyRegistrationResponse(), {
        registrationId: r.id,
        issuer: r.issuer,
        clientId: r.clientId,
        role: r.role,
        activatesAt: r.activatesAt ? new Date(r.activatesAt).toISOString() : null,
      }),
    );
    return Object.assign(new KeySummaryResponse(), {
      kid: row.kid,
      alg: row.alg,
      state: stateOf(row),
      published: row.active,
      createdAt: new Date(row.createdAt).toISOString(),
      firstSignedAt: iso(row.firstSignedAt),
      retiredAt: iso(row.retiredAt),
      deactivatedAt: iso(row.deactivatedAt),
      registrations,
    });
  }
}

function stateOf(row: KeyListRow): KeyState {
  if (row.registrations.some((r) => r.role === 'current')) return 'current';
  if (row.registrations.some((r) => r.role === 'pending')) return 'pending';
  if (!row.active) return 'inactive';
  return row.retiredAt ? 'retired' : 'unused';
}

export class KeyListResponse {
  @ApiProperty({ type: [KeySummaryResponse] }) keys: KeySummaryResponse[];
}
