import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { startService } from '../src/bootstrap';

/**
 * The tool under test, in its own process (forked by launch.bench.ts) so that process.cpuUsage()
 * and the event-loop figures of its /metrics are the tool's alone, not the load generator's. It
 * boots like dist/src/main.js (startService with the parent's environment) and answers IPC
 * messages `cpu` (its CPU time so far), `usage` (process.resourceUsage(): peak RSS),
 * `profile-start` / `profile-stop` (a V8 CPU profile of what ran in between) and `stop`.
 */
async function main(): Promise<void> {
  const service = await startService(process.env);
  const { port } = service.app.getHttpServer().address() as AddressInfo;
  const inspector = new Session();
  inspector.connect();
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message.cmd === 'usage') process.send?.({ usage: process.resourceUsage() });
    if (message.cmd === 'profile-start') {
      void inspector
        .post('Profiler.enable')
        .then(() => inspector.post('Profiler.start'))
        .then(() => process.send?.({ profiling: true }));
    }
    if (message.cmd === 'profile-stop')
      void inspector.post('Profiler.stop').then(({ profile }) => process.send?.({ profile }));
    if (message.cmd === 'stop') void service.stop().finally(() => process.exit(0));
  });
  // The bench died (or was killed): do not outlive it.
  process.once('disconnect', () => void service.stop().finally(() => process.exit(0)));
  process.send?.({ ready: true, url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  process.send?.({ error: (error as Error).message });
  process.exit(1);
});
