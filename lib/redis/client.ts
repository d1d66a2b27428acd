// The process's Redis connection (only when REDIS_URL is set). Commands fail
// at once while it is disconnected (no offline queue), so callers fall back
// instead of waiting; ioredis keeps reconnecting in the background. A Redis
// that is connected but does not answer (stopped, overloaded, a network that
// drops packets) is the worse case: every command has a deadline
// (KEYWARD_REDIS_TIMEOUT_MS, 50 ms by default) past which it fails and the
// caller falls back, instead of every request waiting out the hang (issue 10).
// A probe every second keeps the state (up, degraded, down) that /api/health
// reports, and logs one line when it changes.
//
// The connection is one of the process's services (lib/runtime/services.ts),
// which opens and closes it.
import { Redis } from "ioredis";
import { logger } from "@/lib/logging/logger";

export type RedisState = "up" | "degraded" | "down";

/** A command failed or timed out this many times in a row: the circuit opens now rather than at the next probe. */
const FAILURES_TO_OPEN = 3;

/** Each connection's circuit breaker, by client (clients made elsewhere, as tests do, have none: always tried). */
const breakers = new WeakMap<Redis, RedisConnection>();

export class RedisConnection {
  readonly client: Redis;
  private state: RedisState | undefined;
  private failures = 0;
  private pingFailures = 0;
  private readonly probe: NodeJS.Timeout;
  /** Time spent with the circuit open (limits per instance, in memory): GET /api/metrics. */
  private fallbackMs = 0;
  private fallbackSince: number | null = null;

  constructor(
    url: string,
    readonly timeoutMs: number,
    private readonly log: (line: string) => void = (line) => logger().warn(line),
  ) {
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: timeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
    });
    this.client = client;
    breakers.set(client, this);
    client.on("error", (error) => this.setState("down", error.message));
    client.on("ready", () => this.setState("up", "ready"));
    // The probe: a PING under the same deadline as every command.
    this.probe = setInterval(() => {
      if (client.status !== "ready") return this.setState("down", `connection ${client.status}`);
      client.ping().then(
        () => {
          this.pingFailures = 0;
          this.failures = 0;
          this.setState("up", "ping");
        },
        (error: Error) => {
          // Two missed probes in a row (or three missed commands) make it degraded: one late answer does not.
          if (++this.pingFailures >= 2) this.setState("degraded", `no answer within ${timeoutMs} ms: ${error.message}`);
        },
      );
    }, 1_000);
    this.probe.unref();
  }

  /** What /api/health reports. */
  get health(): RedisState {
    return this.state ?? "down";
  }

  /**
   * Whether to try Redis at all for this request. While Redis is degraded or
   * down, callers go straight to their fallback (a circuit breaker), so a hung
   * Redis costs each request nothing rather than the full command deadline;
   * the probe closes the circuit again within a second of Redis answering.
   */
  get usable(): boolean {
    return this.state !== "degraded" && this.state !== "down";
  }

  /**
   * A command failed or timed out. Three in a row open the circuit now rather
   * than at the next probe; one alone does not, because on a busy machine a
   * healthy Redis can miss a 50 ms deadline now and then (the event loop, not
   * Redis, was late), and a tripped circuit means limits per instance.
   */
  reportFailure(error: unknown) {
    if (++this.failures >= FAILURES_TO_OPEN) this.setState(this.client.status === "ready" ? "degraded" : "down", error instanceof Error ? error.message : String(error));
  }

  /** A command succeeded: the failures were not in a row. */
  reportSuccess() {
    this.failures = 0;
  }

  /** Waits (briefly) for the first connection, so the first requests already share limits. */
  async ready(timeoutMs = 3_000): Promise<boolean> {
    const client = this.client;
    if (client.status === "ready") return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const onReady = () => done(true);
      function done(ready: boolean) {
        clearTimeout(timer);
        client.off("ready", onReady);
        resolve(ready);
      }
      client.on("ready", onReady);
    });
  }

  /** Seconds spent on the in-memory fallback since start, the current stretch included. */
  fallbackSeconds(now = Date.now()): number {
    return (this.fallbackMs + (this.fallbackSince === null ? 0 : now - this.fallbackSince)) / 1000;
  }

  async close() {
    clearInterval(this.probe);
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private setState(state: RedisState, reason: string) {
    const before = this.state;
    this.state = state;
    if (this.usable) {
      if (this.fallbackSince !== null) this.fallbackMs += Date.now() - this.fallbackSince;
      this.fallbackSince = null;
    } else {
      this.fallbackSince ??= Date.now();
    }
    if (before === state || (before === undefined && state === "up")) return;
    if (state === "up") this.log("[keyward] Redis is back; rate limits are shared across instances again.");
    else this.log(`[keyward] Redis ${state === "down" ? "unavailable" : "not answering"} (${reason}); rate limits fall back to this instance's memory until it is back.`);
  }
}

/**
 * Runs `work` on Redis unless the circuit is open, and keeps the breaker's
 * count: the answer, or undefined when the caller must use its fallback
 * (no Redis, circuit open, or the command failed or timed out).
 */
export async function throughRedis<T>(redis: Redis | null, work: (redis: Redis) => Promise<T>): Promise<T | undefined> {
  if (!redis) return undefined;
  const breaker = breakers.get(redis);
  if (breaker && !breaker.usable) return undefined;
  try {
    const answer = await work(redis);
    breaker?.reportSuccess();
    return answer;
  } catch (error) {
    breaker?.reportFailure(error);
    return undefined;
  }
}

/** Whether a Redis answers PING at `url` within a second (for tests and the benchmark). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
