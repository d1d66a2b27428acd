// Monthly quotas (calendar month, UTC), counted per key lineage (a rotation
// chain), durable across restarts and Redis data loss.
//
// Why not a rate limiter with a 32-day window: a window that long overflows
// Node's setTimeout (2^31-1 ms), which then fires after 1 ms, so the count
// reset on every request and no quota was ever enforced. Here no timer is
// involved: the month is part of the counter's name, and a new month simply
// starts a new counter.
//
// Where a counter starts: the month's usage already persisted in PostgreSQL
// (usage_rollups of every key in the lineage, without 429s, which never
// consumed quota). So a restart, or a Redis that lost its data, resumes from
// what was served instead of from zero. What is not yet flushed (at most one
// flush interval, 2 s by default) is the bound on what a restart can forget.
import type { Redis } from "ioredis";
import { throughRedis } from "@/lib/redis/client";

export type QuotaDecision = { allowed: boolean; quota: number; remaining: number; resetAt: number };

/** Requests the lineage was served this month according to PostgreSQL. */
export type PersistedUsage = (lineageId: string, monthStart: Date) => Promise<number>;

/**
 * Takes one request if the counter is below the quota. Returns
 * false when the counter does not exist (never seeded, expired, or Redis lost
 * it), else {allowed (1|0), count after}.
 */
const CONSUME_SCRIPT = `
local count = redis.call('GET', KEYS[1])
if not count then return false end
count = tonumber(count)
if count >= tonumber(ARGV[1]) then return {0, count} end
return {1, redis.call('INCR', KEYS[1])}
`;

type Month = { key: string; start: Date; resetAt: number };

export class MonthlyQuota {
  /** This process's counters for the current month: lineage → count (or the seed in flight). */
  private counters = new Map<string, Promise<{ count: number }>>();
  private countersMonth = "";

  constructor(
    private readonly redis: Redis | null,
    private readonly persistedUsage: PersistedUsage,
  ) {}

  async consume(lineageId: string, quota: number, now = Date.now()): Promise<QuotaDecision> {
    const month = monthOf(now);
    // Without Redis (or while it fails) this instance counts on its own, from PostgreSQL's figure.
    return (await throughRedis(this.redis, (redis) => this.consumeInRedis(redis, lineageId, quota, month))) ?? this.consumeInMemory(lineageId, quota, month);
  }

  private async consumeInMemory(lineageId: string, quota: number, month: Month): Promise<QuotaDecision> {
    if (this.countersMonth !== month.key) {
      this.counters = new Map();
      this.countersMonth = month.key;
    }
    let counter = this.counters.get(lineageId);
    if (!counter) {
      // Single flight: concurrent first requests share one seeding query.
      counter = this.persistedUsage(lineageId, month.start).then((count) => ({ count }));
      this.counters.set(lineageId, counter);
      counter.catch(() => this.counters.delete(lineageId)); // a failed seed is retried by the next request
    }
    const state = await counter;
    if (state.count >= quota) return { allowed: false, quota, remaining: 0, resetAt: month.resetAt };
    state.count++;
    return { allowed: true, quota, remaining: Math.max(0, quota - state.count), resetAt: month.resetAt };
  }

  private async consumeInRedis(redis: Redis, lineageId: string, quota: number, month: Month): Promise<QuotaDecision> {
    const key = `kw:quota:${lineageId}:${month.key}`;
    let result = (await redis.eval(CONSUME_SCRIPT, 1, key, quota)) as [number, number] | null;
    if (result === null) {
      // No counter: the first request this month, or Redis lost its data. Rebuild it from
      // PostgreSQL; NX keeps whichever instance seeded first, and it expires a day after the month.
      const seed = await this.persistedUsage(lineageId, month.start);
      await redis.set(key, seed, "EXAT", Math.ceil(month.resetAt / 1000) + 86_400, "NX");
      result = (await redis.eval(CONSUME_SCRIPT, 1, key, quota)) as [number, number] | null;
      if (result === null) throw new Error("quota counter vanished while seeding");
    }
    const [allowed, count] = result;
    return { allowed: allowed === 1, quota, remaining: Math.max(0, quota - count), resetAt: month.resetAt };
  }
}

function monthOf(now: number): Month {
  const date = new Date(now);
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  return {
    key: `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`,
    start,
    resetAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}
