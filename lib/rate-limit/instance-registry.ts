// How many app instances share a Redis, as seen while Redis answers.
//
// When Redis goes away, every instance falls back to a limiter in its own
// memory. Each giving the whole limit would let N instances admit N times the
// limit (issue 10: 60/min became 180 in 48 s). So each instance falls back to
// its share, limit / instances seen in the last 30 s, which keeps the sum at
// the limit while the load balancer spreads requests evenly. The count is the
// one from before the outage: during it, nobody can see anybody.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const KEY = "kw:instances";
const HEARTBEAT_MS = 5_000;
const EXPIRY_MS = 30_000;

export class InstanceRegistry {
  private readonly id = randomUUID();
  private seen = 1;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: Redis) {}

  /** Instances seen at the last heartbeat that Redis answered (at least 1: this one). */
  get count(): number {
    return this.seen;
  }

  start(): this {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
    return this;
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Announces this instance and counts the live ones (exposed for tests). */
  async beat(now = Date.now()): Promise<void> {
    try {
      const [, , [, count]] = (await this.redis
        .multi()
        .zadd(KEY, now, this.id)
        .zremrangebyscore(KEY, 0, now - EXPIRY_MS)
        .zcard(KEY)
        .pexpire(KEY, EXPIRY_MS * 2)
        .exec()) as [unknown, unknown, [unknown, number], unknown];
      this.seen = Math.max(1, count);
    } catch {
      // Redis is away: keep the last count.
    }
  }
}
