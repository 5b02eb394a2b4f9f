import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { JwksController } from './jwks.controller';
import { JwksPublisher } from './jwks.publisher';
import { parseKeyEncryptionKeys } from './kek.parser';
import { KeyActivationJob } from './key-activation.job';
import { KeyAssignmentRepository } from './key-assignment.repository';
import { KeyRetirementJob } from './key-retirement.job';
import { KeyRotationService } from './key-rotation.service';
import { KeyStartupCheck } from './key-startup.check';
import { KeyCipher } from './key.cipher';
import { KeysRepository } from './keys.repository';
import { KeysAdminController } from './keys-admin.controller';
import { KeysService } from './keys.service';
import { SigningKeyCache } from './signing-key.cache';
import { SigningService } from './signing.service';

/** Tool signing keys: sealed storage, the public JWKS, rotation with overlap, retirement, signing. */
@Module({
  controllers: [JwksController, KeysAdminController],
  providers: [
    {
      provide: KeyCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new KeyCipher(parseKeyEncryptionKeys(config.KEY_ENCRYPTION_KEYS)),
    },
    KeysRepository,
    KeyAssignmentRepository,
    JwksPublisher,
    KeysService,
    SigningKeyCache,
    SigningService,
    KeyRotationService,
    KeyStartupCheck,
    KeyActivationJob,
    KeyRetirementJob,
  ],
  exports: [KeysService, SigningService],
})
export class JwksModule {}
