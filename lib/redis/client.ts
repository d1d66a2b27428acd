// The process's Redis connection (only when REDIS_URL is set). Commands fail
// at once while it is disconnected (no offline queue), so callers fall back
// instead of waiting; ioredis keeps reconnecting in the background.
import { Redis } from "ioredis";

const globalRedis = globalThis as unknown as { keywardRedis?: Redis | null };

export function redisClient(url: string | undefined, log: (line: string) => void = (line) => console.warn(line)): Redis | null {
  if (globalRedis.keywardRedis !== undefined) return globalRedis.keywardRedis;
  if (!url) return (globalRedis.keywardRedis = null);
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  let down = false;
  client.on("error", (error) => {
    if (down) return;
    down = true;
    log(`[keyward] Redis unavailable (${error.message}); rate limits fall back to this instance's memory until it is back.`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log("[keyward] Redis is back; rate limits are shared across instances again.");
  });
  return (globalRedis.keywardRedis = client);
}

export async function closeRedis() {
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
