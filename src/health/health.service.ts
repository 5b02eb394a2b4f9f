import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';

export interface HealthReport {
  status: 'ok';
  database: 'up';
  uptimeSeconds: number;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One cheap query, bounded in time so a dead database answers 503 quickly rather than hanging. */
  async check(): Promise<HealthReport> {
    const timeoutMs = Math.min(2000, this.config.DATABASE_CONNECT_TIMEOUT_MS);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`health query exceeded ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
    } catch (error) {
      throw new AppError('DATABASE_UNAVAILABLE', { detail: (error as Error).message, cause: error });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'up', uptimeSeconds: Math.round(process.uptime()) };
  }
}
