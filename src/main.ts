import 'reflect-metadata';
import { startService } from './bootstrap';
import { ConfigError } from './config/config.loader';

async function main(): Promise<void> {
  const service = await startService();
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    service.logger.event('info', 'Bootstrap', 'shutting down', { signal });
    const timer = setTimeout(() => {
      service.logger.event('error', 'Bootstrap', 'shutdown timed out; exiting', {});
      process.exit(1);
    }, service.config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.event('error', 'Bootstrap', 'shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'error', context: 'Bootstrap', msg: message }) + '\n',
  );
  process.exit(1);
});
