import 'reflect-metadata';
import { FixedClock } from '../common/clock';
import { buildConfig } from '../config/config.loader';
import { LOOKUP_CACHE_MAX_ENTRIES, LookupCache } from './lookup.cache';

function cacheWith(ttlMs: number, clock = new FixedClock()): LookupCache {
  return new LookupCache(buildConfig({ REGISTRATION_CACHE_TTL_MS: String(ttlMs) }), clock);
}

/** A loader that counts its calls and answers what it is told. */
function counting<T>(value: T): { calls: number; load: () => Promise<T> } {
  const state = { calls: 0, load: () => Promise.resolve(value) };
  state.load = () => {
    state.calls += 1;
    return Promise.resolve(value);
  };
  return state;
}

describe('LookupCache', () => {
  it('serves a value from memory until the TTL has passed', async () => {
    const clock = new FixedClock();
    const cache = cacheWith(5000, clock);
    const loader = counting('view');
    await cache.get('k', loader.load);
    clock.set(clock.nowMs() + 4999);
    expect(await cache.get('k', loader.load)).toBe('view');
    expect(loader.calls).toBe(1);
    clock.set(clock.nowMs() + 1);
    await cache.get('k', loader.load);
    expect(loader.calls).toBe(2);
  });

  it('caches misses (null) too', async () => {
    const cache = cacheWith(5000);
    const loader = counting(null);
    for (let i = 0; i < 5; i += 1) expect(await cache.get('unknown', loader.load)).toBeNull();
    expect(loader.calls).toBe(1);
  });

  it('shares one load among concurrent misses of a key', async () => {
    const cache = cacheWith(5000);
    let release!: (value: string) => void;
    let calls = 0;
    const load = () => {
      calls += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const pending = [cache.get('k', load), cache.get('k', load), cache.get('k', load)];
    release('view');
    expect(await Promise.all(pending)).toEqual(['view', 'view', 'view']);
    expect(calls).toBe(1);
  });

  it('clear() forgets everything, including a load still in flight', async () => {
    const cache = cacheWith(5000);
    let release!: (value: string) => void;
    const inFlight = cache.get('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release('stale');
    await inFlight;
    const fresh = counting('fresh');
    expect(await cache.get('k', fresh.load)).toBe('fresh');
    expect(fresh.calls).toBe(1);
  });

  it('does not remember a failed load', async () => {
    const cache = cacheWith(5000);
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    const loader = counting('view');
    expect(await cache.get('k', loader.load)).toBe('view');
    expect(loader.calls).toBe(1);
  });

  it('with a TTL of 0 it does not cache at all', async () => {
    const cache = cacheWith(0);
    const loader = counting('view');
    await cache.get('k', loader.load);
    await cache.get('k', loader.load);
    expect(loader.calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const cache = cacheWith(60000);
    const hot = counting('hot');
    await cache.get('hot', hot.load);
    for (let i = 0; i < LOOKUP_CACHE_MAX_ENTRIES; i += 1) {
      await cache.get(`junk-${i}`, () => Promise.resolve(null));
      if (i % 1000 === 0) await cache.get('hot', hot.load);
    }
    expect(cache.size).toBe(LOOKUP_CACHE_MAX_ENTRIES);
    await cache.get('hot', hot.load);
    expect(hot.calls).toBe(1);
    const first = counting(null);
    await cache.get('junk-0', first.load);
    expect(first.calls).toBe(1);
  });
});
