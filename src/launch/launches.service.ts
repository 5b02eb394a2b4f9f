import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { randomToken } from '../common/random';
import { AppConfig } from '../config/app.config';
import { RegistrationStore, type RegistrationView } from '../registrations/registration.store';
import { type LaunchRecord, LaunchRecordRepository } from './launch-record.repository';
import { CLAIM, type LtiIdTokenClaims } from './lti-claims';

/** A stored launch with the registration it came through (what LTI Advantage calls need). */
export interface StoredLaunch extends LaunchRecord {
  registration: RegistrationView;
}

// 256 random bits, base64url: unguessable, and checkable without a query.
const LAUNCH_ID = /^[A-Za-z0-9_-]{43}$/;

/** Launch records: written once per successful launch, read by id until LAUNCH_TTL_SECONDS pass. */
@Injectable()
export class LaunchesService {
  constructor(
    private readonly records: LaunchRecordRepository,
    private readonly registrations: RegistrationStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** `claimsJson` is `claims` as JSON text (the validator has it already, checked to be storable). */
  async create(registration: RegistrationView, claims: LtiIdTokenClaims, claimsJson: string): Promise<StoredLaunch> {
    const createdAt = this.clock.now();
    const record: LaunchRecord = {
      id: randomToken(32),
      registrationId: registration.id,
      deploymentId: claims[CLAIM.deploymentId],
      messageType: claims[CLAIM.messageType],
      claims,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.config.LAUNCH_TTL_SECONDS * 1000),
    };
    await this.records.insert(record, claimsJson);
    return { ...record, registration };
  }

  /** The live launch with this id; LTI_LAUNCH_NOT_FOUND when unknown, malformed or expired. */
  async get(id: string): Promise<StoredLaunch> {
    const record = LAUNCH_ID.test(id) ? await this.records.findLive(id, this.clock.now()) : null;
    const registration = record ? await this.registrations.findById(record.registrationId) : null;
    if (!record || !registration) throw new AppError('LTI_LAUNCH_NOT_FOUND');
    return { ...record, registration };
  }
}
