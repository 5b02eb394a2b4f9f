import { CreateLtiJwks1763800000000 } from '../../migrations/1763800000000-CreateLtiJwks';
import { CreatePlatformRegistrations1763800100000 } from '../../migrations/1763800100000-CreatePlatformRegistrations';
import { CreatePlatformDeployments1763800200000 } from '../../migrations/1763800200000-CreatePlatformDeployments';
import { CreateLtiNonces1763800300000 } from '../../migrations/1763800300000-CreateLtiNonces';
import { CreateLtiMaintenanceRuns1763800350000 } from '../../migrations/1763800350000-CreateLtiMaintenanceRuns';
import { CreateLtiLaunches1763800400000 } from '../../migrations/1763800400000-CreateLtiLaunches';
import { CreateLtiDeepLinkingResponses1763800500000 } from '../../migrations/1763800500000-CreateLtiDeepLinkingResponses';

/** Every migration, in order, listed as classes (no globs). Never edit one after it has landed. */
export const MIGRATIONS: Function[] = [
  CreateLtiJwks1763800000000,
  CreatePlatformRegistrations1763800100000,
  CreatePlatformDeployments1763800200000,
  CreateLtiNonces1763800300000,
  CreateLtiMaintenanceRuns1763800350000,
  CreateLtiLaunches1763800400000,
  CreateLtiDeepLinkingResponses1763800500000,
];
