import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { KeyAssignmentRepository } from './key-assignment.repository';
import type { GeneratedKey } from './key.generator';
import { KeysService } from './keys.service';
import { SigningKeyCache } from './signing-key.cache';

export interface RotationResult {
  registrationId: string;
  kid: string;
  previousKid: string;
  /** When the new key starts signing (now, or after the pre-publication delay). */
  activatesAt: Date;
  /** When the previous key stops signing; it stays published for the retirement grace after that. */
  previousRetiresAt: Date;
  /** A pre-published key that had not started signing yet and was replaced by this rotation. */
  supersededKid: string | null;
}

const GENERATION_PARALLELISM = 2;

/** A registration deleted while a bulk rotation runs is skipped; anything else aborts the run. */
function skipDeleted(error: unknown): null {
  if (error instanceof AppError && error.code === 'KEY_REGISTRATION_NOT_FOUND') return null;
  throw error;
}

/**
 * Rotation with overlap: the new key is published at once and the previous one stays published
 * after it stops signing, so a platform holding either JWKS copy verifies whatever we sign.
 * With a pre-publication delay the new key is published now but signs only later, for platforms
 * that do not refetch our JWKS on an unknown kid.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly keys: KeysService,
    private readonly assignments: KeyAssignmentRepository,
    private readonly signingKeys: SigningKeyCache,
    private readonly clock: Clock,
  ) {}

  async rotate(registrationId: string, prepublishSeconds = 0): Promise<RotationResult> {
    const generated = await this.keys.generate();
    const result = await this.install(registrationId, generated, prepublishSeconds);
    this.signingKeys.invalidate([registrationId]);
    await this.keys.refreshPublished();
    return result;
  }

  /** Every registration, one transaction each; keys are generated two at a time (one per core here). */
  async rotateAll(prepublishSeconds = 0): Promise<RotationResult[]> {
    const ids = await this.assignments.registrationIds();
    const results: RotationResult[] = [];
    try {
      for (let start = 0; start < ids.length; start += GENERATION_PARALLELISM) {
        const chunk = ids.slice(start, start + GENERATION_PARALLELISM);
        const generated = await Promise.all(chunk.map(() => this.keys.generate()));
        for (const [index, id] of chunk.entries()) {
          const result = await this.install(id, generated[index], prepublishSeconds).catch(skipDeleted);
          if (result) results.push(result);
        }
      }
    } finally {
      this.signingKeys.invalidate();
      await this.keys.refreshPublished();
    }
    return results;
  }

  private install(registrationId: string, generated: GeneratedKey, prepublishSeconds: number): Promise<RotationResult> {
    return this.assignments.withLocked(registrationId, async (manager, current) => {
      const now = this.clock.now();
      const activatesAt = new Date(now.getTime() + prepublishSeconds * 1000);
      const prepublished = prepublishSeconds > 0;
      const inserted = await this.keys.insert(manager, generated);
      await this.assignments.point(
        manager,
        registrationId,
        prepublished ? current.jwkId : inserted.id,
        prepublished ? { jwkId: inserted.id, at: activatesAt } : null,
      );
      // The replaced current key (unless it keeps signing until activation) and any superseded
      // pending key stop signing now; both stay published for the retirement grace.
      const stopped = [prepublished ? null : current.jwkId, current.pendingJwkId].filter(
        (id): id is string => id !== null,
      );
      await this.keys.retire(manager, stopped, now);
      return {
        registrationId,
        kid: inserted.kid,
        previousKid: current.kid,
        activatesAt,
        previousRetiresAt: activatesAt,
        supersededKid: current.pendingKid,
      };
    });
  }
}
