// Per-request usage, aggregated in memory into per-minute roll-ups and written
// to the database in batches, so that no request waits on a write for it.
//
// Bounded: at most `maxEntries` distinct (key, acting user, minute, route, status class)
// roll-ups wait at once; past that, requests are dropped and counted, and the
// next flush says how many. A flush that fails puts its batch back (still
// within the bound) and is retried with backoff, so an outage loses nothing
// until the buffer is full.

/** The acting user of a request made with the key on its own (no token). */
export const NO_ACTING_USER = "00000000-0000-0000-0000-000000000000";

export type UsageEvent = {
  apiKeyId: string;
  organizationId: string;
  /** The user a token from token exchange acted for, if any. */
  actingUserId?: string | null;
  route: string;
  status: number;
  durationMs: number;
  at: number;
};

export type Rollup = {
  apiKeyId: string;
  organizationId: string;
  actingUserId: string;
  bucketStart: Date;
  route: string;
  statusClass: string;
  count: number;
  totalDurationMs: number;
  maxDurationMs: number;
};

export type UsageBatch = { rollups: Rollup[]; lastUsed: Map<string, Date> };

const MINUTE_MS = 60_000;

/** "2xx", "3xx", "4xx", "429" or "5xx": 429 is kept apart, because a rate-limited client is not a broken one. */
export function statusClass(status: number): string {
  if (status === 429) return "429";
  return `${Math.min(Math.max(Math.floor(status / 100), 1), 5)}xx`;
}

export class UsageBuffer {
  private rollups = new Map<string, Rollup>();
  private lastUsed = new Map<string, Date>();
  private dropped = 0;

  constructor(private readonly maxEntries: number) {}

  record(event: UsageEvent): boolean {
    const bucketStart = Math.floor(event.at / MINUTE_MS) * MINUTE_MS;
    const cls = statusClass(event.status);
    const actingUserId = event.actingUserId ?? NO_ACTING_USER;
    const id = `${event.apiKeyId}|${actingUserId}|${bucketStart}|${cls}|${event.route}`;
    const existing = this.rollups.get(id);
    if (existing) {
      existing.count++;
      existing.totalDurationMs += event.durationMs;
      existing.maxDurationMs = Math.max(existing.maxDurationMs, event.durationMs);
    } else {
      if (this.rollups.size >= this.maxEntries) {
        this.dropped++;
        return false;
      }
      this.rollups.set(id, {
        apiKeyId: event.apiKeyId,
        organizationId: event.organizationId,
        actingUserId,
        bucketStart: new Date(bucketStart),
        route: event.route,
        statusClass: cls,
        count: 1,
        totalDurationMs: event.durationMs,
        maxDurationMs: event.durationMs,
      });
    }
    const minute = new Date(bucketStart);
    const seen = this.lastUsed.get(event.apiKeyId);
    if (!seen || seen < minute) this.lastUsed.set(event.apiKeyId, minute);
    return true;
  }

  get size() {
    return this.rollups.size;
  }

  /** Takes everything recorded so far, leaving the buffer empty. */
  take(): UsageBatch & { dropped: number } {
    const batch = { rollups: [...this.rollups.values()], lastUsed: this.lastUsed, dropped: this.dropped };
    this.rollups = new Map();
    this.lastUsed = new Map();
    this.dropped = 0;
    return batch;
  }

  /** Puts a batch that could not be written back in front, merging with what arrived since; what does not fit is dropped and counted. */
  restore(batch: UsageBatch) {
    const current = this.rollups;
    this.rollups = new Map();
    for (const rollup of batch.rollups) this.rollups.set(keyOf(rollup), { ...rollup });
    for (const [id, rollup] of current) {
      const existing = this.rollups.get(id);
      if (existing) {
        existing.count += rollup.count;
        existing.totalDurationMs += rollup.totalDurationMs;
        existing.maxDurationMs = Math.max(existing.maxDurationMs, rollup.maxDurationMs);
      } else {
        this.rollups.set(id, rollup);
      }
    }
    while (this.rollups.size > this.maxEntries) {
      const [oldest, rollup] = this.rollups.entries().next().value!;
      this.rollups.delete(oldest);
      this.dropped += rollup.count;
    }
    for (const [keyId, at] of batch.lastUsed) {
      const seen = this.lastUsed.get(keyId);
      if (!seen || seen < at) this.lastUsed.set(keyId, at);
    }
  }
}

function keyOf(rollup: Rollup) {
  return `${rollup.apiKeyId}|${rollup.actingUserId}|${rollup.bucketStart.getTime()}|${rollup.statusClass}|${rollup.route}`;
}
