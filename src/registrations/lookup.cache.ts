import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app.config';

/** Enough for every registration and deployment of a large installation; bounds memory under junk lookups. */
export const LOOKUP_CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
}

/**
 * In-process cache of registration lookups (login and launch hot path).
 *
 * - Entries live REGISTRATION_CACHE_TTL_MS: that bounds how long another instance may serve a
 *   registration an admin changed elsewhere. Changes on this instance clear it at once.
 * - Misses are cached too (the loader's null), so unknown issuers cannot hammer the database.
 * - The pending promise is what is stored: concurrent misses for one key share one query, and a
 *   clear() during a load drops that load's result instead of letting it repopulate stale data.
 * - A failed load is forgotten, so a database hiccup is not remembered for a TTL.
 * - Bounded: least recently used entries go first.
 */
@Injectable()
export class LookupCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.REGISTRATION_CACHE_TTL_MS;
  }

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs === 0) return load();
    const now = this.clock.nowMs();
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      if (hit.expiresAt > now) {
        this.entries.set(key, hit);
        return hit.value as Promise<T>;
      }
    }
    const entry: Entry = { expiresAt: now + this.ttlMs, value: load() };
    this.entries.set(key, entry);
    if (this.entries.size > LOOKUP_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value as Promise<T>;
  }

  /** After any admin change: the next lookup of anything reads the database again. */
  clear(): void {
    this.entries.clear();
  }
}
