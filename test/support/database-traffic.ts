/** Continuous HTTP traffic for fault tests: every request bounded by an abort timeout, every outcome kept. */
export type ProbeKind = 'health' | 'write' | 'read';

export interface Outcome {
  kind: ProbeKind;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 'timeout' when no response came within the bound, 'network' when none came at all. */
  status: number | 'timeout' | 'network';
  code?: string;
  /** The id a successful write committed. */
  id?: string;
}

export interface Traffic {
  readonly outcomes: Outcome[];
  /** Ids whose write answered 201: committed, so they must survive anything. */
  readonly committed: string[];
  stop(): Promise<void>;
}

const KINDS: ProbeKind[] = ['health', 'write', 'read'];

export async function probe(baseUrl: string, kind: ProbeKind, boundMs: number, readId?: string): Promise<Outcome> {
  const path = kind === 'health' ? '/health' : kind === 'write' ? '/test/probe' : `/test/probe/${readId}`;
  const startedAt = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: kind === 'write' ? 'POST' : 'GET',
      signal: AbortSignal.timeout(boundMs),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
    return { kind, startedAt, endedAt: performance.now(), status: res.status, code: body.error?.code, id: body.id };
  } catch (error) {
    const status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    return { kind, startedAt, endedAt: performance.now(), status };
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `workers` concurrent loops cycling health / write / read (of a committed id) until stop(), each
 * pausing `pauseMs` between requests so a fast-failing outage does not monopolise a shared CPU.
 */
export function startTraffic(baseUrl: string, workers: number, boundMs: number, seedId: string, pauseMs = 10): Traffic {
  const outcomes: Outcome[] = [];
  const committed: string[] = [seedId];
  let running = true;
  const loop = async (worker: number): Promise<void> => {
    for (let i = worker; running; i += 1) {
      const readId = committed[i % committed.length];
      const outcome = await probe(baseUrl, KINDS[i % KINDS.length], boundMs, readId);
      outcomes.push(outcome);
      if (outcome.kind === 'write' && outcome.status === 201 && outcome.id) committed.push(outcome.id);
      if (pauseMs > 0) await pause(pauseMs);
    }
  };
  const loops = Array.from({ length: workers }, (_, worker) => loop(worker));
  return {
    outcomes,
    committed,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

export function isSuccess(outcome: Outcome): boolean {
  return outcome.status === 200 || outcome.status === 201;
}

/** Waits (polling every 20 ms) until `done` holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await pause(20);
  }
  return true;
}

export function latencyStats(outcomes: Outcome[]): { count: number; p50Ms: number; maxMs: number } {
  const ms = outcomes.map((o) => o.endedAt - o.startedAt).sort((a, b) => a - b);
  const round = (v: number | undefined): number => Math.round((v ?? 0) * 10) / 10;
  return { count: ms.length, p50Ms: round(ms[Math.floor(ms.length / 2)]), maxMs: round(ms[ms.length - 1]) };
}
