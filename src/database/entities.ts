import { JwkEntity } from '../jwks/jwk.entity';
import { PlatformDeploymentEntity } from '../registrations/platform-deployment.entity';
import { PlatformRegistrationEntity } from '../registrations/platform-registration.entity';

/** Every TypeORM entity, listed as classes (no globs: see TOOLCHAIN.md). */
export const ENTITIES: Function[] = [JwkEntity, PlatformRegistrationEntity, PlatformDeploymentEntity];
