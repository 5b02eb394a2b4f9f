import { DeepLinkingResponseEntity } from '../advantage/deep-linking-response.entity';
import { JwkEntity } from '../jwks/jwk.entity';
import { LaunchRecordEntity } from '../launch/launch-record.entity';
import { MaintenanceRunEntity } from '../maintenance/maintenance-run.entity';
import { NonceEntity } from '../nonces/nonce.entity';
import { PlatformDeploymentEntity } from '../registrations/platform-deployment.entity';
import { PlatformRegistrationEntity } from '../registrations/platform-registration.entity';

/** Every TypeORM entity, listed as classes (no globs: see TOOLCHAIN.md). */
export const ENTITIES: Function[] = [
  JwkEntity,
  PlatformRegistrationEntity,
  PlatformDeploymentEntity,
  NonceEntity,
  MaintenanceRunEntity,
  LaunchRecordEntity,
  DeepLinkingResponseEntity,
];
