import { Module, type OnModuleInit } from '@nestjs/common';
import { MaintenanceRegistry } from '../maintenance/maintenance.registry';
import { NonceCleanupTask } from './nonce-cleanup.task';
import { NonceRepository } from './nonce.repository';
import { NoncesService } from './nonces.service';

/** Login nonces: issued at OIDC login, consumed atomically at launch, expired ones cleaned up. */
@Module({
  providers: [NonceRepository, NoncesService, NonceCleanupTask],
  exports: [NoncesService],
})
export class NoncesModule implements OnModuleInit {
  constructor(
    private readonly maintenance: MaintenanceRegistry,
    private readonly cleanup: NonceCleanupTask,
  ) {}

  onModuleInit(): void {
    this.maintenance.register(this.cleanup);
  }
}
