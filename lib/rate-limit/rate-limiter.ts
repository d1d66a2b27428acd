// Per-lineage rate limits with rate-limiter-flexible (monthly quotas: monthly-quota.ts).
//
// In memory when REDIS_URL is unset (one instance). With Redis, the counts are
// shared by every instance; if Redis goes away (or does not answer within its
// deadline), each instance falls back to an in-memory limiter with its share
// of the limit (limit / instances seen: instance-registry.ts) instead of
// failing requests, and returns to Redis by itself when it is back.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { redisUsable, reportRedisFailure, reportRedisSuccess } from "@/lib/redis/client";
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
    if (this.redis && redisUsable()) {
      const shared = this.limiterFor("redis", policy.limit, policy.windowSeconds);
      try {
        const res = await shared.consume(lineageId);
        reportRedisSuccess();
        return decide(policy, now, res, true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          reportRedisSuccess();
          return decide(policy, now, rejection, false);
        }
        // Redis failed or timed out: this instance's share, in memory (and skip Redis until it answers again).
        reportRedisFailure(rejection);
      }
    }
    const share = this.instances ? Math.max(1, Math.floor(policy.limit / this.instances.count)) : policy.limit;
    const local = this.limiterFor("memory", share, policy.windowSeconds);
    const sharePolicy = { ...policy, limit: share };
    try {
      return decide(sharePolicy, now, await local.consume(lineageId), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decide(sharePolicy, now, rejection, false);
      throw rejection;
    }
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

function decide(policy: RateLimitPolicy, now: number, res: RateLimiterRes, allowed: boolean): RateLimitDecision {
  return {
    allowed,
    limit: policy.limit,
    remaining: Math.max(0, res.remainingPoints),
    resetAt: now + res.msBeforeNext,
    windowSeconds: policy.windowSeconds,
  };
}
