import { CreateLtiJwks1763800000000 } from '../../migrations/1763800000000-CreateLtiJwks';
import { CreatePlatformRegistrations1763800100000 } from '../../migrations/1763800100000-CreatePlatformRegistrations';
import { CreatePlatformDeployments1763800200000 } from '../../migrations/1763800200000-CreatePlatformDeployments';

/** Every migration, in order, listed as classes (no globs). Never edit one after it has landed. */
export const MIGRATIONS: Function[] = [
  CreateLtiJwks1763800000000,
  CreatePlatformRegistrations1763800100000,
  CreatePlatformDeployments1763800200000,
];
