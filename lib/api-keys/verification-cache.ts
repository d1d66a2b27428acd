// In-process cache of key look-ups, keyed by the key's hash (hex).
//
// Bounded in entries and in time. It also remembers unknown hashes for a short
// while, so a flood of made-up (but well-formed) keys does not become a flood
// of database queries. Changes reach it two ways: the process that made a
// change deletes the entry itself, and every other process hears about it
// through LISTEN/NOTIFY (key-change-listener.ts). While that listener is not
// connected the cache answers nothing, so a missed notification can never keep
// a revoked key alive.
//
// A look-up and a revoke can interleave: the query reads the row just before
// the revoke commits, the invalidation lands, and only then would the stale
// row be stored. So every invalidation bumps a generation, and `load` stores
// its result only if no invalidation happened while it was in flight. The
// generation is global rather than per key: invalidations are rare (a revoke,
// a rotation, a reconnect), so discarding an unrelated in-flight result costs
// one extra query at most.

export type CacheEntry<T> = { value: T | null; expiresAtMs: number };

export class VerificationCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private enabled = false;
  /** When change notifications stopped (null while they flow): bounds how stale a kept entry can be. */
  private disabledAt: number | null = null;
  private generation = 0;
  /** Look-ups in flight, by hash: concurrent misses of one key share one query. */
  private readonly inFlight = new Map<string, Promise<T | null>>();
  /** Look-ups answered from the cache, and those that were not (GET /api/metrics reads both). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number; negativeTtlMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined: not cached (look it up). null: known not to exist. */
  get(hash: string): T | null | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached answer, or the loader's, stored only if nothing was invalidated
   * meanwhile. Concurrent misses of one hash share one call of the loader (a
   * cold cache under load used to queue one query per request, and exhausted
   * the pool: issue 10).
   */
  async load(hash: string, loader: () => Promise<T | null>): Promise<T | null> {
    const cached = this.get(hash);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const pending = this.inFlight.get(hash);
    if (pending) return pending;
    const started = this.generation;
    const loading = loader().then((value) => {
      if (this.generation === started) this.set(hash, value);
      return value;
    });
    this.inFlight.set(hash, loading);
    try {
      return await loading;
    } finally {
      this.inFlight.delete(hash);
    }
  }

  set(hash: string, value: T | null) {
    if (!this.enabled) return;
    // Map keeps insertion order: the first key is the oldest entry.
    if (!this.entries.delete(hash) && this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const ttl = value === null ? this.options.negativeTtlMs : this.options.ttlMs;
    this.entries.set(hash, { value, expiresAtMs: this.now() + ttl });
  }

  invalidate(hash: string) {
    this.generation++;
    this.entries.delete(hash);
  }

  /**
   * Turned on once change notifications flow (emptied: whatever happened while
   * they did not is forgotten), off when they stop. While off, entries are kept
   * but not served, except by getStale.
   */
  setEnabled(enabled: boolean) {
    this.generation++;
    if (enabled) {
      this.entries.clear();
      this.disabledAt = null;
    } else if (this.enabled || this.disabledAt === null) {
      this.disabledAt = this.now();
    }
    this.enabled = enabled;
  }

  /**
   * For a database outage only: the last known answer for a hash, if
   * notifications stopped less than `maxStalenessMs` ago (or still flow).
   * Nobody can revoke while the database is down, so an entry can only be as
   * stale as the time since the last notification could have reached us.
   */
  getStale(hash: string, maxStalenessMs: number): T | null | undefined {
    if (this.disabledAt !== null && this.now() - this.disabledAt > maxStalenessMs) return undefined;
    return this.entries.get(hash)?.value;
  }

  get size() {
    return this.entries.size;
  }

  /** Whether it answers at all: only while change notifications flow. */
  get serving() {
    return this.enabled;
  }
}
