import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { DeploymentRepository } from './deployment.repository';
import { RegistrationChangeRecorder } from './registration-change.recorder';
import type { PageQuery } from './registration-query.dto';
import { RegistrationRepository } from './registration.repository';
import type { DeploymentPageResponse, DeploymentResponse } from './registration.response';
import { isStorableText, isUuid, MAX_TEXT_LENGTH } from './registration.validators';

function registrationNotFound(id: string): AppError {
  return new AppError('REGISTRATION_NOT_FOUND', { detail: `registration ${id.slice(0, 64)}` });
}

/** Admin operations on the deployments of a registration. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly registrations: RegistrationRepository,
    private readonly changes: RegistrationChangeRecorder,
  ) {}

  async add(registrationId: string, deploymentId: string, tokenId: string): Promise<DeploymentResponse> {
    if (!isUuid(registrationId)) throw registrationNotFound(registrationId);
    const deployment = await this.deployments.insert(registrationId, deploymentId);
    this.changes.record('deployment added', { tokenId, registrationId, deploymentId });
    return deployment;
  }

  async list(registrationId: string, page: PageQuery): Promise<DeploymentPageResponse> {
    await this.assertRegistration(registrationId);
    const { limit, offset } = page;
    return { ...(await this.deployments.list(registrationId, { limit, offset })), limit, offset };
  }

  /** deploymentId comes from the path, unvalidated: one that cannot be stored cannot exist. */
  async remove(registrationId: string, deploymentId: string, tokenId: string): Promise<void> {
    await this.assertRegistration(registrationId);
    const deleted =
      isStorableText(deploymentId, 1, MAX_TEXT_LENGTH) && (await this.deployments.delete(registrationId, deploymentId));
    if (!deleted) {
      throw new AppError('REGISTRATION_DEPLOYMENT_NOT_FOUND', { detail: `registration ${registrationId}` });
    }
    this.changes.record('deployment removed', { tokenId, registrationId, deploymentId });
  }

  private async assertRegistration(id: string): Promise<void> {
    if (!isUuid(id) || !(await this.registrations.exists(id))) throw registrationNotFound(id);
  }
}
