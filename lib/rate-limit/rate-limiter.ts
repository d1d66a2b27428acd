// Per-lineage rate limits with rate-limiter-flexible (monthly quotas: monthly-quota.ts).
//
// In memory when REDIS_URL is unset (one instance). With Redis, the counts are
// shared by every instance; if Redis goes away, each instance falls back to its
// own in-memory limiter (the "insurance" limiter) instead of failing requests,
// and returns to Redis by itself when it is back.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
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

  constructor(private readonly redis: Redis | null) {}

  get backend(): "redis" | "memory" {
    return this.redis ? "redis" : "memory";
  }

  /**
   * Takes one request from the allowance of the key's lineage (its whole
   * rotation chain, so rotating buys no fresh allowance; and how the key was
   * sent does not matter).
   */
  async consume(lineageId: string, policy: RateLimitPolicy, now = Date.now()): Promise<RateLimitDecision> {
    const limiter = this.limiterFor(`rl:${policy.limit}:${policy.windowSeconds}`, policy.limit, policy.windowSeconds);
    const decide = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
      allowed,
      limit: policy.limit,
      remaining: Math.max(0, res.remainingPoints),
      resetAt: now + res.msBeforeNext,
      windowSeconds: policy.windowSeconds,
    });
    try {
      return decide(await limiter.consume(lineageId), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decide(rejection, false);
      throw rejection;
    }
  }

  private limiterFor(name: string, points: number, duration: number): RateLimiterAbstract {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const memory = new RateLimiterMemory({ keyPrefix: `kw:${name}`, points, duration });
      limiter = this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix: `kw:${name}`,
            points,
            duration,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
