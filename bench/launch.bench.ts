import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildConfig } from '../src/config/config.loader';
import { buildDataSourceOptions } from '../src/database/database.options';
import { FakePlatform } from '../test/support/fake-platform';
import { registerFakePlatform } from '../test/support/launch-fixtures';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { type EventLoopResult, measureEventLoop } from './event-loop.phase';
import { databaseOp, type Form, launchOp, type Login, loginOp, presign, TARGET, toolSetup } from './launch-bench.ops';
import { summarizeProfile } from './launch-bench.profile';
import { ToolProcess } from './launch-bench.support';
import {
  closedLoop,
  CONCURRENCY,
  emptySamples,
  type Op,
  type Phase,
  round,
  type Samples,
  summarize,
} from './load-generator';

const PHASE_MS = 5000;
const SLICES = 5;
const WARMUP_MS = 1000;
/** Pre-signed tokens for the measured launches (a slice ends early when they run out). */
const MAX_LAUNCHES = 8000;
const WARMUP_LAUNCHES = 300;

/** Runs `work` under the tool's profiler when BENCH_PROFILE is set (raw profile to BENCH_PROFILE_DIR). */
async function maybeProfiled(
  tool: ToolProcess,
  name: string,
  work: () => Promise<void>,
): Promise<ReturnType<typeof summarizeProfile> | undefined> {
  if (!process.env.BENCH_PROFILE) return void (await work());
  const { profile } = await tool.profile(work);
  if (process.env.BENCH_PROFILE_DIR)
    writeFileSync(join(process.env.BENCH_PROFILE_DIR, `launch-bench-${name}.cpuprofile`), JSON.stringify(profile));
  return summarizeProfile(profile);
}

/** Tool CPU milliseconds spent while `work` ran. */
async function toolCpuMs(tool: ToolProcess, work: () => Promise<unknown>): Promise<number> {
  const before = await tool.cpuMs();
  await work();
  return (await tool.cpuMs()) - before;
}

const perOp = (cpuMs: number, samples: Samples): number => round(cpuMs / Math.max(1, samples.latencies.length), 3);

type Result = Phase & { toolCpuMsPerOp: number; toolTime?: ReturnType<typeof summarizeProfile> };

/** A warm-up second, then PHASE_MS of logins; returns the figures and the logins for the launches. */
async function measureLogins(tool: ToolProcess, platform: FakePlatform, agent: Agent): Promise<[Result, Login[]]> {
  const harvest: Login[] = [];
  const login = loginOp(tool.url, platform, agent, harvest);
  await closedLoop(emptySamples(), login, { durationMs: WARMUP_MS });
  const samples = emptySamples();
  let cpuMs = 0;
  const toolTime = await maybeProfiled(tool, 'logins', async () => {
    cpuMs = await toolCpuMs(tool, () => closedLoop(samples, login, { durationMs: PHASE_MS }));
  });
  return [{ ...summarize(samples), toolCpuMsPerOp: perOp(cpuMs, samples), toolTime }, harvest];
}

/** Launch slices alternating with slices of the same work straight through pg (after a warm-up of each). */
async function measureLaunches(tool: ToolProcess, agent: Agent, forms: Form[], dbOnly: Op): Promise<[Result, Phase]> {
  const launch = launchOp(tool.url, agent, forms);
  let cursor = await closedLoop(emptySamples(), launch, { durationMs: PHASE_MS, end: WARMUP_LAUNCHES });
  await closedLoop(emptySamples(), dbOnly, { durationMs: WARMUP_MS });
  const launches = emptySamples();
  const db = emptySamples();
  let cpuMs = 0;
  const toolTime = await maybeProfiled(tool, 'launches', async () => {
    for (let slice = 0; slice < SLICES; slice += 1) {
      cpuMs += await toolCpuMs(tool, async () => {
        const window = { durationMs: PHASE_MS / SLICES, first: cursor, end: forms.length };
        cursor = await closedLoop(launches, launch, window);
      });
      await closedLoop(db, dbOnly, { durationMs: PHASE_MS / SLICES });
    }
  });
  return [{ ...summarize(launches), toolCpuMsPerOp: perOp(cpuMs, launches), toolTime }, summarize(db)];
}

export interface LaunchBenchResult {
  setup: Record<string, string | number>;
  logins: Result;
  launches: Result;
  databaseOnly: Phase;
  launchToDatabaseRatio: number;
  platformJwksFetches: number;
  eventLoop?: EventLoopResult;
  /** Peak resident set size of the service process over the whole run (getrusage). */
  servicePeakRssMb: number;
  goals: Record<string, boolean>;
}

export interface LaunchBenchOptions {
  /** Where to run (default: openBenchDatabase, closed afterwards). */
  database?: BenchDatabase;
  /** Also run the event-loop phase (event-loop.phase.ts) against the same service. */
  eventLoop?: boolean;
}

/**
 * Logins/s and launches/s of the whole service at concurrency 32 (keep-alive, loopback), the
 * tool's CPU per operation (the tool runs in its own process), and the rate of the same database
 * work done directly through pg. Launch and database slices alternate (ABAB...) so that other load
 * on a shared machine hits both alike; their ratio is the figure to watch. Run it compiled
 * (dist/bench): under ts-node the tool process pays for source maps on every event.
 */
export async function runLaunchBench(options: LaunchBenchOptions = {}): Promise<LaunchBenchResult> {
  const database = options.database ?? (await openBenchDatabase(process.env.BENCH_EMBEDDED === '1'));
  const platform = await FakePlatform.start();
  const dataSource = await new DataSource(
    buildDataSourceOptions(buildConfig({ DATABASE_POOL_SIZE: '2' }), database.url),
  ).initialize();
  const pool = new Pool({ connectionString: database.url, max: CONCURRENCY });
  pool.on('error', (error) => process.stderr.write(`bench pg pool: ${error.message}\n`));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const setup = toolSetup(database.url);
  let tool: ToolProcess | undefined;
  try {
    tool = await ToolProcess.start(setup.env);
    const { registrationId } = await registerFakePlatform(dataSource, platform);
    const [logins, harvest] = await measureLogins(tool, platform, agent);
    const forms = await presign(platform, harvest.slice(-(MAX_LAUNCHES + WARMUP_LAUNCHES)));
    const claimsJson = JSON.stringify(platform.claims({ nonce: 'n', targetLinkUri: TARGET }));
    const dbOnly = databaseOp(pool, registrationId, platform.issuer, claimsJson);
    const [launches, db] = await measureLaunches(tool, agent, forms, dbOnly);
    const eventLoop = options.eventLoop
      ? await measureEventLoop({ tool, platform, agent, adminToken: setup.adminToken })
      : undefined;
    return {
      setup: {
        database: database.kind,
        concurrency: CONCURRENCY,
        seconds: PHASE_MS / 1000,
        cores: cpus().length,
        toolPoolSize: setup.poolSize,
        pgPoolSize: CONCURRENCY,
      },
      logins,
      launches,
      databaseOnly: db,
      launchToDatabaseRatio: round(launches.perSecond / Math.max(1, db.perSecond)),
      platformJwksFetches: platform.jwksFetches,
      eventLoop,
      servicePeakRssMb: await tool.peakRssMb(),
      goals: {
        launchesAtLeast0_3xDatabase: launches.perSecond >= 0.3 * db.perSecond,
        launchesPerSecondAtLeast1000: launches.perSecond >= 1000,
        loginsPerSecondAtLeast2000: logins.perSecond >= 2000,
      },
    };
  } finally {
    agent.destroy();
    await tool?.stop();
    await pool.end();
    await dataSource.destroy();
    await platform.close();
    if (!options.database) await database.close();
  }
}

if (require.main === module) {
  runLaunchBench({ eventLoop: true }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
