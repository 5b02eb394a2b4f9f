import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

/**
 * Closed-loop HTTP load on its own thread, so the server under test keeps the main thread's event
 * loop to itself. The worker lives for the whole comparison and keeps one keep-alive agent per
 * target, so alternating short slices measure the servers, not connection set-up or a cold JIT.
 */
export interface LoadCommand {
  url: string;
  concurrency: number;
  durationMs: number;
}

export interface LoadReply {
  ok: number;
  errors: number;
  elapsedMs: number;
}

const agents = new Map<string, Agent>();

function get(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run({ url, concurrency, durationMs }: LoadCommand): Promise<LoadReply> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error('load goes to loopback only');
  let agent = agents.get(target.origin);
  if (!agent) agents.set(target.origin, (agent = new Agent({ keepAlive: true, maxSockets: concurrency })));
  const reply: LoadReply = { ok: 0, errors: 0, elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const status = await get(agent, target).catch(() => 0);
      if (status === 200) reply.ok += 1;
      else reply.errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  reply.elapsedMs = performance.now() - started;
  return reply;
}

parentPort?.on('message', (command: LoadCommand | 'close') => {
  if (command === 'close') {
    for (const agent of agents.values()) agent.destroy();
    parentPort?.close();
    return;
  }
  run(command).then(
    (reply) => parentPort?.postMessage({ reply }),
    (error: unknown) => parentPort?.postMessage({ error: (error as Error).message }),
  );
});
