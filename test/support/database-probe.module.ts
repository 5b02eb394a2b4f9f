import { randomUUID } from 'node:crypto';
import { Controller, Get, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors/app.error';

/** A test-only table in a throwaway database: independent of the product schema as it evolves. */
export const PROBE_TABLE_SQL =
  'CREATE TABLE outage_probe (id uuid NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT "PK_outage_probe" PRIMARY KEY (id))';

/**
 * Endpoints that touch the database the way product code does (a transaction with two statements,
 * a plain query) and let whatever TypeORM or pg throws reach the global exception filter.
 */
@Controller('test/probe')
class DatabaseProbeController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  async write(): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource.transaction(async (em) => {
      await em.query('INSERT INTO outage_probe (id) VALUES ($1)', [id]);
      await em.query('SELECT count(*) FROM outage_probe WHERE id = $1', [id]);
    });
    return { id };
  }

  @Get(':id')
  async read(@Param('id', ParseUUIDPipe) id: string): Promise<{ id: string }> {
    const rows = await this.dataSource.query<unknown[]>('SELECT id FROM outage_probe WHERE id = $1', [id]);
    if (rows.length === 0) throw new AppError('ROUTE_NOT_FOUND', { detail: 'probe row not found' });
    return { id };
  }
}

@Module({ controllers: [DatabaseProbeController] })
export class DatabaseProbeModule {}
