import 'reflect-metadata';
import { cpus } from 'node:os';
import { Agent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildConfig } from '../src/config/config.loader';
import { buildDataSourceOptions } from '../src/database/database.options';
import { FakePlatform } from '../test/support/fake-platform';
import { registerFakePlatform } from '../test/support/launch-fixtures';
import { summarizeProfile } from './launch-bench.profile';
import { call, CONCURRENCY, closedLoop, openDatabase, type Phase, round, ToolProcess } from './launch-bench.support';

const PHASE_MS = 5000;
const WARMUP_MS = 1000;
/** Pre-signed tokens for the measured launch phase (it ends early when they run out). */
const MAX_LAUNCHES = 8000;
const WARMUP_LAUNCHES = 300;
const PUBLIC_URL = 'http://127.0.0.1';
const TARGET = `${PUBLIC_URL}/lti/app`;

interface Login {
  state: string;
  nonce: string;
  cookie: string;
}

function toolEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    MAINTENANCE_ENABLED: 'false',
    ALLOW_INSECURE_URLS: 'true',
    ADMIN_TOKENS: randomBytes(32).toString('hex'),
    KEY_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  };
}

/** Logins at full speed; each 302 yields a state, nonce and cookie for the launch phase. */
async function logins(
  tool: ToolProcess,
  platform: FakePlatform,
  agent: Agent,
  durationMs: number,
  harvest: Login[],
): Promise<Phase> {
  const base = new URL(tool.url);
  const query = new URLSearchParams({
    iss: platform.issuer,
    client_id: platform.clientId,
    login_hint: 'bench-user',
    target_link_uri: TARGET,
  });
  const path = `/lti/login?${query.toString()}`;
  return closedLoop(durationMs, Number.POSITIVE_INFINITY, async () => {
    const res = await call(agent, base, 'GET', path);
    if (res.status !== 302) return false;
    const location = new URL(String(res.headers.location));
    const cookie = (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    harvest.push({ state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')!, cookie });
    return true;
  });
}

/** Signed outside the measurement, several in flight (jose signs on libuv's pool). */
async function presign(platform: FakePlatform, batch: Login[]): Promise<{ body: string; cookie: string }[]> {
  const signed: { body: string; cookie: string }[] = [];
  for (let i = 0; i < batch.length; i += 64) {
    const slice = batch.slice(i, i + 64);
    const tokens = await Promise.all(
      slice.map((login) => platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: TARGET }))),
    );
    tokens.forEach((token, j) =>
      signed.push({
        body: new URLSearchParams({ id_token: token, state: slice[j].state }).toString(),
        cookie: slice[j].cookie,
      }),
    );
  }
  return signed;
}

function launches(
  tool: ToolProcess,
  agent: Agent,
  forms: { body: string; cookie: string }[],
  durationMs: number,
): Promise<Phase> {
  const base = new URL(tool.url);
  return closedLoop(durationMs, forms.length, async (i) => {
    const { body, cookie } = forms[i];
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      cookie,
    };
    return (await call(agent, base, 'POST', '/lti/launch', headers, body)).status === 302;
  });
}

/** The database work of one login + launch, straight through pg: the statements the repositories run. */
async function databaseOnly(url: string, registrationId: string, issuer: string): Promise<Phase> {
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  const claims = JSON.stringify({ sub: 'bench-user', roles: [], padding: 'x'.repeat(900) });
  const op = async (): Promise<boolean> => {
    const nonce = randomBytes(32).toString('base64url');
    const stateHash = randomBytes(32).toString('hex');
    const now = new Date();
    await pool.query(
      `INSERT INTO "lti_nonces" ("nonce", "issuer", "registration_id", "state_hash", "target_link_uri", "created_at") VALUES ($1, $2, $3, $4, $5, $6)`,
      [nonce, issuer, registrationId, stateHash, TARGET, now],
    );
    const consumed = await pool.query(
      `DELETE FROM "lti_nonces" WHERE "nonce" = $1 AND "issuer" = $2 AND "state_hash" = $3 AND "created_at" > $4 RETURNING "registration_id", "target_link_uri"`,
      [nonce, issuer, stateHash, new Date(now.getTime() - 600_000)],
    );
    await pool.query(
      `INSERT INTO "lti_launches" ("id", "registration_id", "deployment_id", "message_type", "claims", "created_at", "expires_at") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomBytes(32).toString('base64url'),
        registrationId,
        'bench',
        'LtiResourceLinkRequest',
        claims,
        now,
        new Date(now.getTime() + 3_600_000),
      ],
    );
    return consumed.rowCount === 1;
  };
  try {
    await closedLoop(WARMUP_MS, Number.POSITIVE_INFINITY, op);
    return await closedLoop(PHASE_MS, Number.POSITIVE_INFINITY, op);
  } finally {
    await pool.end();
  }
}

/** Microseconds per RS256 verification with jose, the launch's one piece of real crypto. */
async function verifyCost(platform: FakePlatform): Promise<number> {
  const token = await platform.sign(platform.claims({ nonce: 'n', targetLinkUri: TARGET }));
  const keys = createLocalJWKSet({ keys: [platform.key.publicJwk] });
  const runs = 500;
  const t0 = performance.now();
  for (let i = 0; i < runs; i += 1) await compactVerify(token, keys, { algorithms: ['RS256'] });
  return round(((performance.now() - t0) * 1000) / runs, 0);
}

type Measured = Phase & { toolCpuMsPerOp: number; toolTime?: ReturnType<typeof summarizeProfile> };

/**
 * A phase with the tool's CPU time per operation. With BENCH_PROFILE=1 also where that time went
 * (and with BENCH_PROFILE_DIR the raw .cpuprofile, for Chrome DevTools).
 */
async function measured(tool: ToolProcess, name: string, run: () => Promise<Phase>): Promise<Measured> {
  const before = await tool.cpuMs();
  const { result: phase, profile } = process.env.BENCH_PROFILE
    ? await tool.profile(run)
    : { result: await run(), profile: undefined };
  const cpu = (await tool.cpuMs()) - before;
  const result: Measured = { ...phase, toolCpuMsPerOp: round(cpu / Math.max(1, phase.requests), 3) };
  if (profile) result.toolTime = summarizeProfile(profile);
  if (profile && process.env.BENCH_PROFILE_DIR) {
    writeFileSync(join(process.env.BENCH_PROFILE_DIR, `launch-bench-${name}.cpuprofile`), JSON.stringify(profile));
  }
  return result;
}

/**
 * Logins/s and launches/s of the whole service at concurrency 32 (keep-alive, loopback), tool CPU
 * per operation (the tool runs in its own process), and the rate of the same database work done
 * directly through pg. Tokens are pre-signed, so the generator's RSA signing is not measured.
 */
export async function runLaunchBench(): Promise<Record<string, unknown>> {
  const database = await openDatabase();
  const platform = await FakePlatform.start();
  const dataSource = await new DataSource(
    buildDataSourceOptions(buildConfig({ DATABASE_POOL_SIZE: '2' }), database.url),
  ).initialize();
  let tool: ToolProcess | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    tool = await ToolProcess.start(toolEnv(database.url));
    const { registrationId } = await registerFakePlatform(dataSource, platform);
    const harvest: Login[] = [];
    await logins(tool, platform, agent, WARMUP_MS, harvest);
    const login = await measured(tool, 'logins', () => logins(tool!, platform, agent, PHASE_MS, harvest));

    const forms = await presign(platform, harvest.slice(-(MAX_LAUNCHES + WARMUP_LAUNCHES)));
    await launches(tool, agent, forms.slice(0, WARMUP_LAUNCHES), PHASE_MS);
    const launch = await measured(tool, 'launches', () =>
      launches(tool!, agent, forms.slice(WARMUP_LAUNCHES), PHASE_MS),
    );
    const db = await databaseOnly(database.url, registrationId, platform.issuer);
    const verifyMicros = await verifyCost(platform);
    return {
      setup: {
        database: database.kind,
        concurrency: CONCURRENCY,
        phaseSeconds: PHASE_MS / 1000,
        cores: cpus().length,
        toolPoolSize: 10,
        pgPoolSize: CONCURRENCY,
      },
      logins: login,
      launches: launch,
      databaseOnly: db,
      launchToDatabaseRatio: round(launch.perSecond / Math.max(1, db.perSecond)),
      jwksFetches: platform.jwksFetches,
      rs256VerifyMicros: verifyMicros,
      goals: {
        launchesAtLeast0_3xDatabase: launch.perSecond >= 0.3 * db.perSecond,
        launchesPerSecondAtLeast1000: launch.perSecond >= 1000,
        loginsPerSecondAtLeast2000: login.perSecond >= 2000,
      },
    };
  } finally {
    agent.destroy();
    await tool?.stop();
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
