// Per-lineage rate limits with rate-limiter-flexible (monthly quotas: monthly-quota.ts).
//
// In memory when REDIS_URL is unset (one instance). With Redis, the counts are
// shared by every instance; if Redis goes away (or does not answer within its
// deadline), each instance falls back to an in-memory limiter with its share
// of the limit (limit / instances seen: instance-registry.ts) instead of
// failing requests, and returns to Redis by itself when it is back.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { throughRedis } from "@/lib/redis/client";
import { InstanceRegistry } from "./instance-registry";
import type { RateLimitPolicy } from "./plans";

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (epoch ms). */
  resetAt: number;
  windowSeconds: number;
};

export class KeyRateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  readonly instances: InstanceRegistry | null;

  constructor(
    private readonly redis: Redis | null,
    options: { registry?: InstanceRegistry } = {},
  ) {
    this.instances = redis ? (options.registry ?? new InstanceRegistry(redis).start()) : null;
  }

  get backend(): "redis" | "memory" {
    return this.redis ? "redis" : "memory";
  }

  /**
   * Takes one request from the allowance of the key's lineage (its whole
   * rotation chain, so rotating buys no fresh allowance; and how the key was
   * sent does not matter).
   */
  async consume(lineageId: string, policy: RateLimitPolicy, now = Date.now()): Promise<RateLimitDecision> {
    const shared = this.redis && (await throughRedis(this.redis, () => take(this.limiterFor("redis", policy.limit, policy.windowSeconds), lineageId, policy, now)));
    if (shared) return shared;
    // No Redis, or it failed or timed out: this instance's share, in memory.
    const share = this.instances ? Math.max(1, Math.floor(policy.limit / this.instances.count)) : policy.limit;
    return take(this.limiterFor("memory", share, policy.windowSeconds), lineageId, { ...policy, limit: share }, now);
  }

  private limiterFor(store: "redis" | "memory", points: number, duration: number): RateLimiterAbstract {
    const name = `${store}:rl:${points}:${duration}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = { keyPrefix: `kw:rl:${points}:${duration}`, points, duration };
      limiter = store === "redis" ? new RateLimiterRedis({ storeClient: this.redis!, rejectIfRedisNotReady: true, ...options }) : new RateLimiterMemory(options);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

/** One request from `limiter`: allowed, or refused (rate-limiter-flexible rejects with a RateLimiterRes); other errors propagate. */
async function take(limiter: RateLimiterAbstract, lineageId: string, policy: RateLimitPolicy, now: number): Promise<RateLimitDecision> {
  try {
    return decide(policy, now, await limiter.consume(lineageId), true);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return decide(policy, now, rejection, false);
    throw rejection;
  }
}

function decide(policy: RateLimitPolicy, now: number, res: RateLimiterRes, allowed: boolean): RateLimitDecision {
  return {
    allowed,
    limit: policy.limit,
    remaining: Math.max(0, res.remainingPoints),
    resetAt: now + res.msBeforeNext,
    windowSeconds: policy.windowSeconds,
  };
}
