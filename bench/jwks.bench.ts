import 'reflect-metadata';
import { createHash, sign as signCallback } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { buildAdapter, configureApp } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { JsonLogger } from '../src/common/logging/json.logger';
import { loadConfig } from '../src/config/config.loader';
import { migrate } from '../src/database/database.resolver';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { generateRsaSigningKey } from '../src/jwks/key.generator';
import { KeysService } from '../src/jwks/keys.service';
import { SigningService } from '../src/jwks/signing.service';
import type { LoadResult } from './load-generator';

const rsaSign = promisify(signCallback);
const CONCURRENCY = 32;
const DURATION_MS = 3000;
const WARMUP_MS = 500;
const SLICES = 6;
const SIGN_IN_FLIGHT = 8;
const BENCH_KEK = `bench-kek:${createHash('sha256').update('bench').digest('base64')}`;

function load(url: string, durationMs: number): Promise<LoadResult> {
  const compiled = __filename.endsWith('.js');
  const worker = new Worker(join(__dirname, `jwks-load.worker.${compiled ? 'js' : 'ts'}`), {
    workerData: { url, concurrency: CONCURRENCY, durationMs },
    execArgv: compiled ? [] : ['--require', 'ts-node/register/transpile-only'],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; result?: LoadResult; message?: string }) =>
      m.ok ? resolve(m.result!) : reject(new Error(m.message)),
    );
    worker.once('error', reject);
  }).finally(() => void worker.terminate()) as Promise<LoadResult>;
}

interface Comparison {
  aPerSecond: number;
  bPerSecond: number;
  /** Median over the A/B slice pairs of A/B: robust against load spikes from other processes. */
  ratio: number;
}

/**
 * Alternates short slices of A and B (ABAB...) so that load from other processes on a shared
 * machine hits both sides alike; each side gets DURATION_MS in total.
 */
async function interleaved(
  a: (ms: number) => Promise<number>,
  b: (ms: number) => Promise<number>,
): Promise<Comparison> {
  await a(WARMUP_MS);
  await b(WARMUP_MS);
  const slice = DURATION_MS / SLICES;
  const pairs: [number, number][] = [];
  for (let i = 0; i < SLICES; i += 1) pairs.push([await a(slice), await b(slice)]);
  const perSecond = (side: 0 | 1): number =>
    Math.round(pairs.reduce((sum, pair) => sum + pair[side], 0) / (DURATION_MS / 1000));
  const ratios = pairs.map(([x, y]) => x / y).sort((x, y) => x - y);
  const median = (ratios[(ratios.length - 1) >> 1] + ratios[ratios.length >> 1]) / 2;
  return { aPerSecond: perSecond(0), bPerSecond: perSecond(1), ratio: Math.round(median * 100) / 100 };
}

/** Requests completed against `url` in `ms` (errors counted apart). */
async function requests(url: string, ms: number, errors: { count: number }): Promise<number> {
  const result = await load(url, ms);
  errors.count += result.errors;
  return result.requests - result.errors;
}

/** The baseline: node:http answering with the very bytes and headers the app sends. */
async function bareServer(body: Buffer, headers: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    server,
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/jwks.json`,
  };
}

/** Operations completed with SIGN_IN_FLIGHT concurrent calls in `durationMs`. */
async function operations(operation: () => Promise<unknown>, durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await operation();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: SIGN_IN_FLIGHT }, lane));
  return done;
}

async function openDatabase(): Promise<{ url: string; embedded?: EmbeddedPostgres; dir?: string }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL };
  const dir = mkdtempSync(join(tmpdir(), 'lti-bench-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 16 });
  return { url: embedded.url, embedded, dir };
}

async function insertRegistration(app: NestFastifyApplication): Promise<string> {
  const keys = app.get(KeysService);
  const key = await keys.generate();
  const id = await app.get(DataSource).transaction(async (manager) => {
    const { id: jwkId } = await keys.insert(manager, key);
    const issuer = `https://bench-${key.kid.slice(0, 12)}.example.edu`;
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO platform_registrations (issuer, client_id, auth_endpoint, jwks_uri, token_endpoint, jwk_id)
       VALUES ($1, 'bench', $2, $3, $4, $5) RETURNING id`,
      [issuer, `${issuer}/auth`, `${issuer}/jwks`, `${issuer}/token`, jwkId],
    );
    return row.id;
  });
  await keys.refreshPublished();
  return id;
}

async function removeRegistration(app: NestFastifyApplication, id: string): Promise<void> {
  const [rows] = await app
    .get(DataSource)
    .query<[{ jwk_id: string }[], number]>(`DELETE FROM platform_registrations WHERE id = $1 RETURNING jwk_id`, [id]);
  await app.get(DataSource).query(`DELETE FROM lti_jwks WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.jwk_id)]);
}

/**
 * JWKS requests/s of the whole app (Fastify, hooks, helmet, request log formatting with output
 * discarded) against node:http serving identical bytes; JWT signatures/s of SigningService against
 * raw crypto.sign with a cached KeyObject, both on libuv's pool with the same number in flight.
 */
export async function runJwksBench(): Promise<Record<string, unknown>> {
  const database = await openDatabase();
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'info', KEY_ENCRYPTION_KEYS: BENCH_KEK, MAINTENANCE_ENABLED: 'false' };
  const config = loadConfig({
    ...env,
    DATABASE_URL: database.url,
    ADMIN_TOKENS: 'bench-admin-token-0123456789abcdefghijkl',
  });
  await migrate(config, database.url);
  const logger = new JsonLogger('info', () => undefined);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, logger, databaseUrl: database.url }),
    buildAdapter(config),
    { logger },
  );
  let registrationId: string | undefined;
  try {
    await configureApp(app, config, logger);
    await app.listen(0, '127.0.0.1');
    registrationId = await insertRegistration(app);
    const address = app.getHttpServer().address();
    const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/jwks.json`;
    const sample = await fetch(appUrl);
    const body = Buffer.from(await sample.arrayBuffer());
    const headers = Object.fromEntries(
      [...sample.headers.entries()].filter(
        ([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id'].includes(name),
      ),
    );
    const bare = await bareServer(body, headers);
    const errors = { count: 0 };
    const jwks = await interleaved(
      (ms) => requests(appUrl, ms, errors),
      (ms) => requests(bare.url, ms, errors),
    );
    bare.server.close();

    const signing = app.get(SigningService);
    const claims = { iss: 'bench', aud: 'https://lms.example.edu', nonce: 'n-0123456789' };
    const { jwt } = await signing.sign(registrationId, claims);
    const input = Buffer.from(jwt.slice(0, jwt.lastIndexOf('.')));
    const { privateKey } = await generateRsaSigningKey(config.KEY_SIZE_BITS);
    const signatures = await interleaved(
      (ms) => operations(() => signing.sign(registrationId!, claims), ms),
      (ms) => operations(() => rsaSign('sha256', input, privateKey), ms),
    );

    const figures = {
      jwksBytes: body.length,
      jwksAppRps: jwks.aPerSecond,
      jwksBareRps: jwks.bPerSecond,
      jwksRatio: jwks.ratio,
      jwksGoal: '>= 0.5',
      jwksErrors: errors.count,
      signServicePerSec: signatures.aPerSecond,
      signRawPerSec: signatures.bPerSecond,
      signRatio: signatures.ratio,
      signGoal: '>= 0.8',
      keySizeBits: config.KEY_SIZE_BITS,
      database: database.embedded ? 'embedded' : 'BENCH_DATABASE_URL',
    };
    printTable(figures);
    return figures;
  } finally {
    if (registrationId) await removeRegistration(app, registrationId).catch(() => undefined);
    await app.close();
    await database.embedded?.stop();
    if (database.dir) rmSync(database.dir, { recursive: true, force: true });
  }
}

function printTable(f: Record<string, unknown>): void {
  const rows = [
    [
      'JWKS requests/s',
      f.jwksAppRps,
      `bare node:http ${String(f.jwksBareRps)}`,
      `${String(f.jwksRatio)}x (goal >= 0.5x)`,
    ],
    [
      'JWT signatures/s',
      f.signServicePerSec,
      `raw crypto.sign ${String(f.signRawPerSec)}`,
      `${String(f.signRatio)}x (goal >= 0.8x)`,
    ],
  ];
  for (const row of rows)
    process.stdout.write(row.map((cell, i) => String(cell).padEnd([18, 8, 26, 22][i])).join(' ') + '\n');
}

if (require.main === module) {
  runJwksBench().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`jwks bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
