import 'reflect-metadata';
import { createHash, sign as signCallback } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { buildAdapter, configureApp } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { JsonLogger } from '../src/common/logging/json.logger';
import { loadConfig } from '../src/config/config.loader';
import { migrate } from '../src/database/database.resolver';
import { generateRsaSigningKey } from '../src/jwks/key.generator';
import { KeysService } from '../src/jwks/keys.service';
import { SigningService } from '../src/jwks/signing.service';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { LoadThread } from './jwks-load.thread';
import { closedLoop, emptySamples, type Phase, summarize } from './load-generator';

const rsaSign = promisify(signCallback);
/** Per side, split into SLICES alternating slices. */
const DURATION_MS = 3000;
const SLICES = 6;
const WARMUP_MS = 500;
const SIGN_IN_FLIGHT = 8;
const BENCH_KEK = `bench-kek:${createHash('sha256').update('bench').digest('base64')}`;

/** Successful operations per second with SIGN_IN_FLIGHT concurrent calls over `durationMs`. */
async function operationRate(operation: () => Promise<unknown>, durationMs: number): Promise<number> {
  const samples = emptySamples();
  const op = async (): Promise<boolean> => {
    await operation();
    return true;
  };
  await closedLoop(samples, op, { durationMs, concurrency: SIGN_IN_FLIGHT });
  return (samples.latencies.length - samples.errors) / samples.seconds;
}

interface Comparison {
  aPerSecond: number;
  bPerSecond: number;
  /** Median over the A/B slice pairs of A/B: robust against load spikes from other processes. */
  ratio: number;
}

/**
 * Alternates slices of A and B (ABAB...) so that load from other processes on a shared machine
 * hits both sides alike. Each function returns a rate per second for the slice it ran.
 */
async function interleaved(
  a: (ms: number) => Promise<number>,
  b: (ms: number) => Promise<number>,
  afterWarmUp: () => void = () => undefined,
): Promise<Comparison> {
  await a(WARMUP_MS);
  await b(WARMUP_MS);
  afterWarmUp();
  const pairs: [number, number][] = [];
  for (let i = 0; i < SLICES; i += 1) pairs.push([await a(DURATION_MS / SLICES), await b(DURATION_MS / SLICES)]);
  const mean = (side: 0 | 1): number => Math.round(pairs.reduce((sum, pair) => sum + pair[side], 0) / pairs.length);
  const ratios = pairs.map(([x, y]) => x / y).sort((x, y) => x - y);
  const median = (ratios[(ratios.length - 1) >> 1] + ratios[ratios.length >> 1]) / 2;
  return { aPerSecond: mean(0), bPerSecond: mean(1), ratio: Math.round(median * 100) / 100 };
}

/** The baseline: node:http answering with the very bytes and headers the app sends. */
async function bareServer(body: Buffer, headers: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `${baseUrl(server)}/.well-known/jwks.json` };
}

function baseUrl(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** A registration row with a fresh key, inserted as the registrations module does. */
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
  const dataSource = app.get(DataSource);
  const [rows] = await dataSource.query<[{ jwk_id: string }[], number]>(
    `DELETE FROM platform_registrations WHERE id = $1 RETURNING jwk_id`,
    [id],
  );
  await dataSource.query(`DELETE FROM lti_jwks WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.jwk_id)]);
}

interface JwksComparison extends Comparison {
  bytes: number;
  app: Phase;
  bare: Phase;
}

async function compareJwks(appUrl: string): Promise<JwksComparison> {
  const sample = await fetch(appUrl);
  const body = Buffer.from(await sample.arrayBuffer());
  const skip = ['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id'];
  const headers = Object.fromEntries([...sample.headers.entries()].filter(([name]) => !skip.includes(name)));
  const bare = await bareServer(body, headers);
  const load = new LoadThread();
  try {
    const result = await interleaved(
      (ms) => load.rate(appUrl, ms),
      (ms) => load.rate(bare.url, ms),
      () => load.totals.clear(),
    );
    const side = (url: string) => summarize(load.totals.get(url) ?? emptySamples());
    return { ...result, bytes: body.length, app: side(appUrl), bare: side(bare.url) };
  } finally {
    await load.close();
    bare.server.close();
  }
}

async function compareSigning(app: NestFastifyApplication, registrationId: string, bits: number): Promise<Comparison> {
  const signing = app.get(SigningService);
  const claims = { iss: 'bench', aud: 'https://lms.example.edu', nonce: 'n-0123456789' };
  const { jwt } = await signing.sign(registrationId, claims);
  const input = Buffer.from(jwt.slice(0, jwt.lastIndexOf('.')));
  const { privateKey } = await generateRsaSigningKey(bits);
  return interleaved(
    (ms) => operationRate(() => signing.sign(registrationId, claims), ms),
    (ms) => operationRate(() => rsaSign('sha256', input, privateKey), ms),
  );
}

export interface JwksBenchResult {
  jwks: { appPerSecond: number; barePerSecond: number; ratio: number; goal: number; bytes: number };
  /** Latencies and errors over all measured slices, per side. */
  jwksApp: Phase;
  jwksBare: Phase;
  signing: { servicePerSecond: number; rawPerSecond: number; ratio: number; goal: number; keySizeBits: number };
}

/**
 * JWKS requests/s of the whole app (Fastify, Nest, hooks, helmet, request-log formatting with the
 * output discarded) against node:http serving identical bytes and headers, load from a separate
 * thread; JWT signatures/s of SigningService against raw crypto.sign with a cached KeyObject, both
 * on libuv's pool with the same number in flight.
 */
export async function runJwksBench(options: { database?: BenchDatabase } = {}): Promise<JwksBenchResult> {
  const database = options.database ?? (await openBenchDatabase(process.env.BENCH_EMBEDDED === '1'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MAINTENANCE_ENABLED: 'false',
    KEY_ENCRYPTION_KEYS: BENCH_KEK,
    ADMIN_TOKENS: 'bench-admin-token-0123456789abcdefghijkl',
    DATABASE_URL: database.url,
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
    const jwks = await compareJwks(`${baseUrl(app.getHttpServer())}/.well-known/jwks.json`);
    const signing = await compareSigning(app, registrationId, config.KEY_SIZE_BITS);
    return {
      jwks: {
        appPerSecond: jwks.aPerSecond,
        barePerSecond: jwks.bPerSecond,
        ratio: jwks.ratio,
        goal: 0.5,
        bytes: jwks.bytes,
      },
      jwksApp: jwks.app,
      jwksBare: jwks.bare,
      signing: {
        servicePerSecond: signing.aPerSecond,
        rawPerSecond: signing.bPerSecond,
        ratio: signing.ratio,
        goal: 0.8,
        keySizeBits: config.KEY_SIZE_BITS,
      },
    };
  } finally {
    if (registrationId) await removeRegistration(app, registrationId).catch(() => undefined);
    await app.close();
    if (!options.database) await database.close();
  }
}

if (require.main === module) {
  runJwksBench().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`jwks bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
