import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { LaunchesService } from '../launch/launches.service';
import { CLAIM } from '../launch/lti-claims';
import { type AdvantageLaunch, AdvantageLaunchSource } from './advantage-launch';

/** AdvantageLaunchSource backed by the launch records of the launch module. */
@Injectable()
export class LaunchContextSource extends AdvantageLaunchSource {
  constructor(private readonly launches: LaunchesService) {
    super();
  }

  async find(launchId: string): Promise<AdvantageLaunch | null> {
    try {
      const launch = await this.launches.get(launchId);
      return {
        launchId: launch.id,
        registration: launch.registration,
        deploymentId: launch.deploymentId,
        messageType: launch.messageType,
        sub: launch.claims.sub,
        roles: launch.claims[CLAIM.roles] ?? [],
        claims: launch.claims,
      };
    } catch (error) {
      if (error instanceof AppError && error.code === 'LTI_LAUNCH_NOT_FOUND') return null;
      throw error;
    }
  }
}
