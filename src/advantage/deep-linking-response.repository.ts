import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DeepLinkingResponseRow {
  launchId: string;
  nonce: string;
  itemCount: number;
  createdAt: Date;
}

/** All SQL on lti_deep_linking_responses: single statements on the primary key. */
@Injectable()
export class DeepLinkingResponseRepository {
  constructor(private readonly dataSource: DataSource) {}

  async exists(launchId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM "lti_deep_linking_responses" WHERE "launch_id" = $1`,
      [launchId],
    );
    return rows.length > 0;
  }

  /** Records the response; false when this launch already has one (one statement, so races have one winner). */
  async claim(row: DeepLinkingResponseRow): Promise<boolean> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO "lti_deep_linking_responses" ("launch_id", "nonce", "item_count", "created_at")
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ("launch_id") DO NOTHING
       RETURNING "launch_id"`,
      [row.launchId, row.nonce, row.itemCount, row.createdAt],
    );
    return inserted.length === 1;
  }
}
