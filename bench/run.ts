import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openBenchDatabase } from './bench-database';
import { type BenchReport, formatTable, goalsOf } from './bench-report';
import { runJwksBench } from './jwks.bench';
import { runLaunchBench } from './launch.bench';

/**
 * `npm run bench`: the JWKS bench (app in this process, load from a worker thread), then the
 * launch bench and its event-loop phase (service in a child process, load from this process), on
 * one temporary database: BENCH_DATABASE_URL's server, else the local PostgreSQL on
 * 127.0.0.1:5432 when it answers, else the embedded one (forced by --embedded or BENCH_EMBEDDED=1).
 * Prints one table and writes bench-results/latest.json. Loopback only; about 1.5 minutes.
 */
const ROOT = join(__dirname, '..', __filename.endsWith('.js') ? '..' : '');
const RESULTS = join(ROOT, 'bench-results', 'latest.json');
/** Hard stop, so a stuck run never lingers (the tool process stops when this one exits). */
const WATCHDOG_MS = 5 * 60_000;

async function main(): Promise<void> {
  const started = Date.now();
  const loadAverageAtStart = loadavg();
  const embedded = process.argv.includes('--embedded') || process.env.BENCH_EMBEDDED === '1';
  const database = await openBenchDatabase(embedded);
  process.stderr.write(`bench: ${database.kind}; JWKS and signing (~20 s)...\n`);
  try {
    const jwks = await runJwksBench({ database });
    process.stderr.write('bench: logins, launches and the event-loop phase (~60 s)...\n');
    const launch = await runLaunchBench({ database, eventLoop: true });
    const report: BenchReport = {
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        loadAverageAtStart,
        loadAverageAtEnd: loadavg(),
      },
      database: database.kind,
      jwks,
      launch,
      goals: goalsOf(jwks, launch),
    };
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatTable(report)}\n\nFull figures: ${RESULTS}\n`);
  } finally {
    await database.close();
  }
}

setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up\n`);
  process.exit(2);
}, WATCHDOG_MS).unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
