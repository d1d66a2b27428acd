// In-process cache of key look-ups, keyed by the key's hash (hex).
//
// Bounded in entries and in time. It also remembers unknown hashes for a short
// while, so a flood of made-up (but well-formed) keys does not become a flood
// of database queries. Changes reach it two ways: the process that made a
// change deletes the entry itself, and every other process hears about it
// through LISTEN/NOTIFY (key-change-listener.ts). While that listener is not
// connected the cache answers nothing, so a missed notification can never keep
// a revoked key alive.

export type CacheEntry<T> = { value: T | null; expiresAtMs: number };

export class VerificationCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private enabled = false;

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

  set(hash: string, value: T | null) {
    if (!this.enabled) return;
    // Map keeps insertion order: the first key is the oldest entry.
    if (!this.entries.delete(hash) && this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const ttl = value === null ? this.options.negativeTtlMs : this.options.ttlMs;
    this.entries.set(hash, { value, expiresAtMs: this.now() + ttl });
  }

  invalidate(hash: string) {
    this.entries.delete(hash);
  }

  /** Turned on once change notifications flow, off (and emptied) when they stop. */
  setEnabled(enabled: boolean) {
    this.enabled = enabled;
    this.entries.clear();
  }

  get size() {
    return this.entries.size;
  }
}
