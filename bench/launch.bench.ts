import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
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
import { summarizeProfile } from './launch-bench.profile';
import {
  call,
  CONCURRENCY,
  closedLoop,
  emptySamples,
  openDatabase,
  type Phase,
  round,
  type Samples,
  summarize,
  ToolProcess,
} from './launch-bench.support';

const PHASE_MS = 5000;
const SLICES = 5;
const WARMUP_MS = 1000;
/** Pre-signed tokens for the measured launches (a slice ends early when they run out). */
const MAX_LAUNCHES = 8000;
const WARMUP_LAUNCHES = 300;
const TOOL_POOL_SIZE = process.env.BENCH_TOOL_POOL ?? '10';
const PUBLIC_URL = 'http://127.0.0.1';
const TARGET = `${PUBLIC_URL}/lti/app`;

type Op = (i: number) => Promise<boolean>;
interface Login {
  state: string;
  nonce: string;
  cookie: string;
}
interface Form {
  body: string;
  cookie: string;
}

function toolEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: TOOL_POOL_SIZE,
    LOG_LEVEL: 'error',
    MAINTENANCE_ENABLED: 'false',
    ALLOW_INSECURE_URLS: 'true',
    ADMIN_TOKENS: randomBytes(32).toString('hex'),
    KEY_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  };
}

/** GET /lti/login; each 302 yields the state, nonce and cookie a launch needs. */
function loginOp(tool: ToolProcess, platform: FakePlatform, agent: Agent, harvest: Login[]): Op {
  const base = new URL(tool.url);
  const query = new URLSearchParams({
    iss: platform.issuer,
    client_id: platform.clientId,
    login_hint: 'bench',
    target_link_uri: TARGET,
  });
  const path = `/lti/login?${query.toString()}`;
  return async () => {
    const res = await call(agent, base, 'GET', path);
    if (res.status !== 302) return false;
    const location = new URL(String(res.headers.location));
    const cookie = (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    harvest.push({ state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')!, cookie });
    return true;
  };
}

/** POST /lti/launch with the i-th pre-signed form. */
function launchOp(tool: ToolProcess, agent: Agent, forms: Form[]): Op {
  const base = new URL(tool.url);
  return async (i) => {
    const { body, cookie } = forms[i];
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      cookie,
    };
    return (await call(agent, base, 'POST', '/lti/launch', headers, body)).status === 302;
  };
}

/** The database work of one login + launch straight through pg: the statements the repositories run. */
function databaseOp(pool: Pool, registrationId: string, issuer: string, claimsJson: string): Op {
  return async () => {
    const nonce = randomBytes(32).toString('base64url');
    const stateHash = randomBytes(32).toString('hex');
    const now = new Date();
    await pool.query(
      `INSERT INTO "lti_nonces" ("nonce", "issuer", "registration_id", "state_hash", "target_link_uri", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [nonce, issuer, registrationId, stateHash, TARGET, now],
    );
    const consumed = await pool.query(
      `DELETE FROM "lti_nonces" WHERE "nonce" = $1 AND "issuer" = $2 AND "state_hash" = $3 AND "created_at" > $4
       RETURNING "registration_id", "target_link_uri"`,
      [nonce, issuer, stateHash, new Date(now.getTime() - 600_000)],
    );
    await pool.query(
      `INSERT INTO "lti_launches" ("id", "registration_id", "deployment_id", "message_type", "claims", "created_at", "expires_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomBytes(32).toString('base64url'),
        registrationId,
        'bench',
        'LtiResourceLinkRequest',
        claimsJson,
        now,
        new Date(now.getTime() + 3_600_000),
      ],
    );
    return consumed.rowCount === 1;
  };
}

/** Signed before the measurement, several in flight, so the generator's RSA signing is not measured. */
async function presign(platform: FakePlatform, logins: Login[]): Promise<Form[]> {
  const forms: Form[] = [];
  for (let i = 0; i < logins.length; i += 64) {
    const batch = logins.slice(i, i + 64);
    const tokens = await Promise.all(
      batch.map((login) => platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: TARGET }))),
    );
    tokens.forEach((token, j) =>
      forms.push({
        body: new URLSearchParams({ id_token: token, state: batch[j].state }).toString(),
        cookie: batch[j].cookie,
      }),
    );
  }
  return forms;
}

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

type Result = ReturnType<typeof summarize> & { toolCpuMsPerOp: number; toolTime?: ReturnType<typeof summarizeProfile> };

/** A warm-up second, then PHASE_MS of logins; returns the figures and the logins for the launches. */
async function measureLogins(tool: ToolProcess, platform: FakePlatform, agent: Agent): Promise<[Result, Login[]]> {
  const harvest: Login[] = [];
  const login = loginOp(tool, platform, agent, harvest);
  await closedLoop(emptySamples(), WARMUP_MS, login);
  const samples = emptySamples();
  let cpuMs = 0;
  const toolTime = await maybeProfiled(tool, 'logins', async () => {
    cpuMs = await toolCpuMs(tool, () => closedLoop(samples, PHASE_MS, login));
  });
  return [{ ...summarize(samples), toolCpuMsPerOp: perOp(cpuMs, samples), toolTime }, harvest];
}

/** Launch slices alternating with slices of the same work straight through pg (after a warm-up of each). */
async function measureLaunches(tool: ToolProcess, agent: Agent, forms: Form[], dbOnly: Op): Promise<[Result, Phase]> {
  const launch = launchOp(tool, agent, forms);
  let cursor = await closedLoop(emptySamples(), PHASE_MS, launch, 0, WARMUP_LAUNCHES);
  await closedLoop(emptySamples(), WARMUP_MS, dbOnly);
  const launches = emptySamples();
  const db = emptySamples();
  let cpuMs = 0;
  const toolTime = await maybeProfiled(tool, 'launches', async () => {
    for (let slice = 0; slice < SLICES; slice += 1) {
      cpuMs += await toolCpuMs(tool, async () => {
        cursor = await closedLoop(launches, PHASE_MS / SLICES, launch, cursor, forms.length);
      });
      await closedLoop(db, PHASE_MS / SLICES, dbOnly);
    }
  });
  return [{ ...summarize(launches), toolCpuMsPerOp: perOp(cpuMs, launches), toolTime }, summarize(db)];
}

function report(
  database: string,
  logins: Result,
  launches: Result,
  db: Phase,
  jwksFetches: number,
): Record<string, unknown> {
  return {
    setup: {
      database,
      concurrency: CONCURRENCY,
      seconds: PHASE_MS / 1000,
      cores: cpus().length,
      toolPoolSize: Number(TOOL_POOL_SIZE),
      pgPoolSize: CONCURRENCY,
    },
    logins,
    launches,
    databaseOnly: db,
    launchToDatabaseRatio: round(launches.perSecond / Math.max(1, db.perSecond)),
    platformJwksFetches: jwksFetches,
    goals: {
      launchesAtLeast0_3xDatabase: launches.perSecond >= 0.3 * db.perSecond,
      launchesPerSecondAtLeast1000: launches.perSecond >= 1000,
      loginsPerSecondAtLeast2000: logins.perSecond >= 2000,
    },
  };
}

/**
 * Logins/s and launches/s of the whole service at concurrency 32 (keep-alive, loopback), the
 * tool's CPU per operation (the tool runs in its own process), and the rate of the same database
 * work done directly through pg. Launch and database slices alternate (ABAB...) so that other load
 * on a shared machine hits both alike; their ratio is the figure to watch. Run it compiled
 * (dist/bench): under ts-node the tool process pays for source maps on every event.
 */
export async function runLaunchBench(): Promise<Record<string, unknown>> {
  const database = await openDatabase();
  const platform = await FakePlatform.start();
  const options = buildDataSourceOptions(buildConfig({ DATABASE_POOL_SIZE: '2' }), database.url);
  const dataSource = await new DataSource(options).initialize();
  const pool = new Pool({ connectionString: database.url, max: CONCURRENCY });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let tool: ToolProcess | undefined;
  try {
    tool = await ToolProcess.start(toolEnv(database.url));
    const { registrationId } = await registerFakePlatform(dataSource, platform);
    const [logins, harvest] = await measureLogins(tool, platform, agent);
    const forms = await presign(platform, harvest.slice(-(MAX_LAUNCHES + WARMUP_LAUNCHES)));
    const claimsJson = JSON.stringify(platform.claims({ nonce: 'n', targetLinkUri: TARGET }));
    const dbOnly = databaseOp(pool, registrationId, platform.issuer, claimsJson);
    const [launches, db] = await measureLaunches(tool, agent, forms, dbOnly);
    return report(database.kind, logins, launches, db, platform.jwksFetches);
  } finally {
    agent.destroy();
    await tool?.stop();
    await pool.end();
    await dataSource.destroy();
    await platform.close();
    await database.close();
  }
}

if (require.main === module) {
  runLaunchBench().then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
