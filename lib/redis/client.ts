// The process's Redis connection (only when REDIS_URL is set). Commands fail
// at once while it is disconnected (no offline queue), so callers fall back
// instead of waiting; ioredis keeps reconnecting in the background. A Redis
// that is connected but does not answer (stopped, overloaded, a network that
// drops packets) is the worse case: every command has a deadline
// (KEYWARD_REDIS_TIMEOUT_MS, 50 ms by default) past which it fails and the
// caller falls back, instead of every request waiting out the hang (issue 10).
// A probe every second keeps the state (up, degraded, down) that /api/health
// reports, and logs one line when it changes.
import { Redis } from "ioredis";

export type RedisState = "up" | "degraded" | "down";

const globalRedis = globalThis as unknown as {
  keywardRedis?: Redis | null;
  keywardRedisState?: RedisState;
  keywardRedisProbe?: NodeJS.Timeout;
  keywardRedisReport?: (reason: string) => void;
  keywardRedisFailures?: number;
  keywardRedisPingFailures?: number;
};

/** Deadline for each Redis command, in ms. */
export function redisTimeoutMs(): number {
  return Number(process.env.KEYWARD_REDIS_TIMEOUT_MS) || 50;
}

/**
 * Whether to try Redis at all for this request. While Redis is degraded or
 * down, callers go straight to their fallback (a circuit breaker), so a hung
 * Redis costs each request nothing rather than the full command deadline;
 * the probe closes the circuit again within a second of Redis answering.
 */
function redisUsable(): boolean {
  return globalRedis.keywardRedisState !== "degraded" && globalRedis.keywardRedisState !== "down";
}

/**
 * A command failed or timed out. Three in a row open the circuit now rather
 * than at the next probe; one alone does not, because on a busy machine a
 * healthy Redis can miss a 50 ms deadline now and then (the event loop, not
 * Redis, was late), and a tripped circuit means limits per instance.
 */
function reportRedisFailure(error: unknown) {
  globalRedis.keywardRedisFailures = (globalRedis.keywardRedisFailures ?? 0) + 1;
  if (globalRedis.keywardRedisFailures >= FAILURES_TO_OPEN) globalRedis.keywardRedisReport?.(error instanceof Error ? error.message : String(error));
}

/** A command succeeded: the failures were not in a row. */
function reportRedisSuccess() {
  globalRedis.keywardRedisFailures = 0;
}

const FAILURES_TO_OPEN = 3;

/**
 * Runs `work` on Redis unless the circuit is open, and keeps the breaker's
 * count: the answer, or undefined when the caller must use its fallback
 * (no Redis, circuit open, or the command failed or timed out).
 */
export async function throughRedis<T>(redis: Redis | null, work: (redis: Redis) => Promise<T>): Promise<T | undefined> {
  if (!redis || !redisUsable()) return undefined;
  try {
    const answer = await work(redis);
    reportRedisSuccess();
    return answer;
  } catch (error) {
    reportRedisFailure(error);
    return undefined;
  }
}

/** What /api/health reports: null when no Redis is configured. */
export function redisState(): RedisState | null {
  if (!globalRedis.keywardRedis) return null;
  return globalRedis.keywardRedisState ?? "down";
}

export function redisClient(url: string | undefined, log: (line: string) => void = (line) => console.warn(line)): Redis | null {
  if (globalRedis.keywardRedis !== undefined) return globalRedis.keywardRedis;
  if (!url) return (globalRedis.keywardRedis = null);
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: redisTimeoutMs(),
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  const setState = (state: RedisState, reason: string) => {
    const before = globalRedis.keywardRedisState;
    globalRedis.keywardRedisState = state;
    if (before === state || (before === undefined && state === "up")) return;
    if (state === "up") log("[keyward] Redis is back; rate limits are shared across instances again.");
    else log(`[keyward] Redis ${state === "down" ? "unavailable" : "not answering"} (${reason}); rate limits fall back to this instance's memory until it is back.`);
  };
  globalRedis.keywardRedisReport = (reason) => setState(client.status === "ready" ? "degraded" : "down", reason);
  client.on("error", (error) => setState("down", error.message));
  client.on("ready", () => setState("up", "ready"));
  // The probe: a PING under the same deadline as every command.
  clearInterval(globalRedis.keywardRedisProbe);
  globalRedis.keywardRedisProbe = setInterval(() => {
    if (client.status !== "ready") return setState("down", `connection ${client.status}`);
    client.ping().then(
      () => {
        globalRedis.keywardRedisPingFailures = 0;
        globalRedis.keywardRedisFailures = 0;
        setState("up", "ping");
      },
      (error: Error) => {
        // Two missed probes in a row (or three missed commands) make it degraded: one late answer does not.
        globalRedis.keywardRedisPingFailures = (globalRedis.keywardRedisPingFailures ?? 0) + 1;
        if (globalRedis.keywardRedisPingFailures >= 2) setState("degraded", `no answer within ${redisTimeoutMs()} ms: ${error.message}`);
      },
    );
  }, 1_000);
  globalRedis.keywardRedisProbe.unref();
  return (globalRedis.keywardRedis = client);
}

export async function closeRedis() {
  clearInterval(globalRedis.keywardRedisProbe);
  const client = globalRedis.keywardRedis;
  delete globalRedis.keywardRedis;
  await client?.quit().catch(() => client.disconnect());
}

/** Waits (briefly) for the first connection, so the first requests already share limits. */
export async function awaitRedisReady(client: Redis | null, timeoutMs = 3_000): Promise<boolean> {
  if (!client) return false;
  if (client.status === "ready") return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const onReady = () => done(true);
    function done(ready: boolean) {
      clearTimeout(timer);
      client!.off("ready", onReady);
      resolve(ready);
    }
    client.on("ready", onReady);
  });
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
