import type { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakePlatform } from '../test/support/fake-platform';
import { metricValue } from '../test/support/prometheus-text';
import { adminFetch, registrationInput } from '../test/support/registration.builder';
import { type Form, launchOp, type Login, loginOp, presign } from './launch-bench.ops';
import type { ToolProcess } from './launch-bench.support';
import { call, closedLoop, emptySamples, type Op, type Phase, round, summarize } from './load-generator';

/**
 * The service's own event-loop delay (perf_hooks, sampled every 10 ms in the service process and
 * read from its /metrics, which starts a new interval on every scrape) while the bench's main
 * process drives it: during logins alone, during a steady mix of logins and launches, and during
 * bulk key rotations through the admin API with that mix still running.
 */
const EXTRA_REGISTRATIONS = 10;
const HARVEST_MS = 3000;
const STEADY_MS = 3000;
const ROTATIONS = 2;
const MAX_FORMS = 6000;
/** Safety bound of the background load; it is stopped as soon as the rotations are done. */
const LOAD_CAP_MS = 60_000;

export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface Rotation extends EventLoopDelay {
  status: number;
  keys: number;
  durationMs: number;
}

export interface EventLoopResult {
  duringLogins: EventLoopDelay & { load: Phase };
  underLaunchLoad: EventLoopDelay;
  duringRotation: EventLoopDelay & { rotations: Rotation[] };
  /** Load of the mixed window (steady + rotations), logins and launches alternating; `launches` of them launches. */
  load: Phase & { launches: number };
  goalMs: number;
}

export interface EventLoopContext {
  tool: ToolProcess;
  platform: FakePlatform;
  agent: Agent;
  adminToken: string;
}

/** Reads (and so resets) the service's event-loop delay figures. */
async function scrape(tool: ToolProcess, agent: Agent): Promise<EventLoopDelay> {
  const { body } = await call(agent, new URL(tool.url), 'GET', '/metrics', {}, undefined, true);
  const ms = (name: string): number => round(metricValue(body, `nodejs_eventloop_delay_${name}_seconds`) * 1000, 1);
  return { p50Ms: ms('p50'), p99Ms: ms('p99'), maxMs: ms('max') };
}

async function addRegistrations(ctx: EventLoopContext): Promise<void> {
  for (let i = 0; i < EXTRA_REGISTRATIONS; i += 1) {
    const res = await adminFetch(ctx.tool, 'POST', '/admin/registrations', registrationInput(), ctx.adminToken);
    if (res.status !== 201) throw new Error(`creating a registration answered ${res.status}`);
  }
}

async function rotateAll(ctx: EventLoopContext): Promise<Rotation> {
  await scrape(ctx.tool, ctx.agent);
  const started = performance.now();
  const res = await adminFetch(ctx.tool, 'POST', '/admin/keys/rotate', {}, ctx.adminToken);
  const durationMs = Math.round(performance.now() - started);
  const keys = res.status === 201 ? ((await res.json()) as { rotated: number }).rotated : 0;
  return { status: res.status, keys, durationMs, ...(await scrape(ctx.tool, ctx.agent)) };
}

const worst = (rotations: Rotation[]): EventLoopDelay => ({
  p50Ms: Math.max(...rotations.map((r) => r.p50Ms)),
  p99Ms: Math.max(...rotations.map((r) => r.p99Ms)),
  maxMs: Math.max(...rotations.map((r) => r.maxMs)),
});

export async function measureEventLoop(ctx: EventLoopContext): Promise<EventLoopResult> {
  await addRegistrations(ctx);
  const harvest: Login[] = [];
  const login = loginOp(ctx.tool.url, ctx.platform, ctx.agent, harvest);
  const loginSamples = emptySamples();
  await scrape(ctx.tool, ctx.agent);
  await closedLoop(loginSamples, login, { durationMs: HARVEST_MS });
  const duringLogins = { ...(await scrape(ctx.tool, ctx.agent)), load: summarize(loginSamples) };

  const forms: Form[] = await presign(ctx.platform, harvest.slice(-MAX_FORMS));
  const launch = launchOp(ctx.tool.url, ctx.agent, forms);
  // What users do: a login, then a launch (pre-signed, from an earlier login); logins only once the forms run out.
  let launches = 0;
  const mixed: Op = (i) => {
    if (i % 2 === 0 || i >> 1 >= forms.length) return login(i);
    launches += 1;
    return launch(i >> 1);
  };
  const samples = emptySamples();
  const stop = new AbortController();
  await scrape(ctx.tool, ctx.agent);
  const loading = closedLoop(samples, mixed, { durationMs: LOAD_CAP_MS, signal: stop.signal });
  try {
    await sleep(STEADY_MS);
    const underLaunchLoad = await scrape(ctx.tool, ctx.agent);
    const rotations: Rotation[] = [];
    for (let i = 0; i < ROTATIONS; i += 1) rotations.push(await rotateAll(ctx));
    stop.abort();
    await loading;
    return {
      duringLogins,
      underLaunchLoad,
      duringRotation: { ...worst(rotations), rotations },
      load: { ...summarize(samples), launches },
      goalMs: 50,
    };
  } finally {
    stop.abort();
    await loading;
  }
}
