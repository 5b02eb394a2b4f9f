import { Agent } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { call, closedLoop, emptySamples, type Samples } from './load-generator';

/**
 * JWKS load on its own thread, so the servers under test (app and node:http baseline, both on the
 * bench's main thread) keep that event loop to themselves. The worker lives for the whole
 * comparison and keeps one keep-alive agent per target, so alternating short slices measure the
 * servers, not connection set-up or a cold JIT.
 */
export interface LoadCommand {
  url: string;
  concurrency: number;
  durationMs: number;
}

const agents = new Map<string, Agent>();

async function run({ url, concurrency, durationMs }: LoadCommand): Promise<Samples> {
  const target = new URL(url);
  let agent = agents.get(target.origin);
  if (!agent) agents.set(target.origin, (agent = new Agent({ keepAlive: true, maxSockets: concurrency })));
  const samples = emptySamples();
  const get = async (): Promise<boolean> => (await call(agent, target, 'GET', target.pathname)).status === 200;
  await closedLoop(samples, get, { durationMs, concurrency });
  return samples;
}

parentPort?.on('message', (command: LoadCommand | 'close') => {
  if (command === 'close') {
    for (const agent of agents.values()) agent.destroy();
    parentPort?.close();
    return;
  }
  run(command).then(
    (samples) => parentPort?.postMessage({ samples }),
    (error: unknown) => parentPort?.postMessage({ error: (error as Error).message }),
  );
});
