import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { loadConfig } from '../config/config.loader';
import { resolveDatabase, withDataSource } from './database.resolver';
import { startEmbeddedPostgres } from './embedded-postgres';
import { runPendingMigrations } from './migration-runner';

type Command = 'run' | 'revert' | 'generate' | 'check' | 'show';

function print(message: string): void {
  process.stdout.write(message + '\n');
}

/** SQL that would bring the schema in line with the entities; empty when they agree. */
async function schemaDrift(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query),
  };
}

/** A throwaway database: a temporary one on DATABASE_URL's server, else a temporary embedded one. */
async function withScratchDatabase<T>(config: AppConfig, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.DATABASE_URL) {
    const name = `lti_check_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: config.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(config.DATABASE_URL);
      url.pathname = `/${name}`;
      return await fn(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'lti-migration-check-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 8 });
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down.reverse())}
  }
}
`;
}

async function generate(config: AppConfig, name: string | undefined): Promise<number> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    print('usage: npm run migration:generate -- VerbNoun   (PascalCase, e.g. AddLaunchIndexes)');
    return 2;
  }
  const drift = await withScratchDatabase(config, (url) =>
    withDataSource(config, url, async (ds) => {
      await runPendingMigrations(ds);
      return schemaDrift(ds);
    }),
  );
  if (drift.up.length === 0) {
    print('No changes: entities and migrations agree.');
    return 0;
  }
  const timestamp = Date.now();
  const file = resolve('migrations', `${timestamp}-${name}.ts`);
  writeFileSync(file, migrationSource(`${name}${timestamp}`, drift.up, drift.down));
  print(`Wrote ${file}. Read it by hand, then add the class to src/database/migrations.ts.`);
  return 0;
}

async function check(config: AppConfig): Promise<number> {
  const drift = await withScratchDatabase(config, (url) =>
    withDataSource(config, url, async (ds) => {
      await runPendingMigrations(ds);
      return schemaDrift(ds);
    }),
  );
  if (drift.up.length === 0) {
    print('migration:check OK: the migrations produce exactly the schema the entities describe.');
    return 0;
  }
  print('migration:check FAILED: entities and migrations drift. A migration would need:');
  for (const query of drift.up) print(`  ${query}`);
  return 1;
}

async function main(command: Command, arg: string | undefined): Promise<number> {
  const config = loadConfig(process.env);
  if (command === 'generate') return generate(config, arg);
  if (command === 'check') return check(config);
  const database = await resolveDatabase(config);
  try {
    return await withDataSource(config, database.url, async (ds) => {
      if (command === 'run') {
        const applied = await runPendingMigrations(ds);
        print(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      } else if (command === 'revert') {
        await ds.undoLastMigration({ transaction: 'each' });
        print('Reverted the last applied migration.');
      } else {
        const pending = await ds.showMigrations();
        print(pending ? 'There are pending migrations.' : 'All migrations are applied.');
      }
      return 0;
    });
  } finally {
    await database.embedded?.stop();
  }
}

const [command, arg] = process.argv.slice(2) as [Command, string | undefined];
if (!['run', 'revert', 'generate', 'check', 'show'].includes(command)) {
  print('usage: migration.cli.js run|revert|generate <Name>|check|show');
  process.exit(2);
}
main(command, arg).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migration ${command} failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
