import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { translatingConstraints } from './constraint-violation';
import { PlatformDeploymentEntity } from './platform-deployment.entity';
import type { Page } from './registration.repository';
import type { DeploymentResponse } from './registration.response';

/** Admin reads and writes of platform_deployments. */
@Injectable()
export class DeploymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One INSERT: a duplicate becomes REGISTRATION_DEPLOYMENT_ALREADY_EXISTS and an unknown (or
   * concurrently deleted) registration REGISTRATION_NOT_FOUND, through the named constraints.
   */
  async insert(registrationId: string, deploymentId: string): Promise<DeploymentResponse> {
    const result = await translatingConstraints(() =>
      this.dataSource.getRepository(PlatformDeploymentEntity).insert({ registrationId, deploymentId }),
    );
    const generated = result.generatedMaps[0] as { createdAt: Date };
    return { deploymentId, createdAt: generated.createdAt };
  }

  async list(registrationId: string, page: Page): Promise<{ items: DeploymentResponse[]; total: number }> {
    const repository = this.dataSource.getRepository(PlatformDeploymentEntity);
    const [rows, total] = await repository.findAndCount({
      select: { deploymentId: true, createdAt: true },
      where: { registrationId },
      order: { createdAt: 'ASC', deploymentId: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map(({ deploymentId, createdAt }) => ({ deploymentId, createdAt })), total };
  }

  /** deployment_id matches exactly (case-sensitive). False when nothing was deleted. */
  async delete(registrationId: string, deploymentId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(PlatformDeploymentEntity)
      .delete({ registrationId, deploymentId });
    return (result.affected ?? 0) > 0;
  }
}
